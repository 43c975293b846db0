import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { percentile } from '../eval/metrics.js';
import { siblingScript } from '../sibling-script.js';
import type { ChildMessage, StageTimings } from './answers-child.js';

const CHILD = siblingScript(import.meta.url, 'answers-child');
// The embedded default, whatever the caller's .env says: local embedder, extractive answers.
const CHILD_ENV = { EMBEDDINGS_PROVIDER: 'local', ANSWERER: 'extractive', LOG_LEVEL: 'warn' };

export interface Percentiles {
  /** Answers that reached this stage (a refusal before it skips it). */
  n: number;
  p50: number;
  p95: number;
}

export interface AnswersResult {
  questions: number;
  rounds: number;
  embed: Percentiles;
  search: Percentiles;
  answer: Percentiles;
  total: Percentiles;
  /** Median over `starts` fresh processes, from spawn to the engine being ready to answer. */
  coldStartMs: number;
  coldStarts: number[];
  /** Spawn to the first answer in hand, median. */
  firstAnswerMs: number;
  /** Peak resident memory of the process that answered every round. */
  peakRssMb: number;
  /** Passages in the engine's index, and the time its first start took to open (or rebuild) it. */
  passages: number;
  indexMs: number;
  indexRebuiltBecause?: string;
}

interface ChildRun {
  readyMs: number;
  firstAnswerMs: number;
  ready: Extract<ChildMessage, { event: 'ready' }>;
  done: Extract<ChildMessage, { event: 'done' }>;
}

/** Starts the engine in `starts` fresh processes; the last one also answers the evaluation set `rounds` times. */
export async function benchAnswers(options: { starts: number; rounds: number }): Promise<AnswersResult> {
  const runs: ChildRun[] = [];
  for (let i = 0; i < options.starts; i += 1) runs.push(await runChild(i === options.starts - 1 ? options.rounds : 0));
  const measured = runs.at(-1)!;
  const stage = (pick: (t: StageTimings) => number): Percentiles => {
    // The engine rounds to 0.01 ms, and a skipped stage reads exactly 0.
    const values = measured.done.timings.map(pick).filter((ms) => ms > 0);
    return { n: values.length, p50: percentile(values, 50), p95: percentile(values, 95) };
  };
  const coldStarts = runs.map((r) => Math.round(r.readyMs));
  return {
    questions: measured.done.questions,
    rounds: options.rounds,
    embed: stage((t) => t.embedMs),
    search: stage((t) => t.searchMs),
    answer: stage((t) => t.answerMs),
    total: stage((t) => t.totalMs),
    coldStartMs: percentile(coldStarts, 50),
    coldStarts,
    firstAnswerMs: Math.round(percentile(runs.map((r) => r.firstAnswerMs), 50)),
    peakRssMb: Math.round(measured.done.maxRssKb / 1024),
    passages: runs[0]!.ready.passages,
    indexMs: runs[0]!.ready.indexMs,
    indexRebuiltBecause: runs[0]!.ready.indexRebuiltBecause,
  };
}

/** One fresh process, run as the bench runs (node on dist/, or tsx on src/); times are taken from just before the spawn. */
function runChild(rounds: number): Promise<ChildRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [...CHILD.execArgv, CHILD.file, '--rounds', String(rounds)], {
    env: { ...process.env, ...CHILD_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const partial: Partial<ChildRun> = {};
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as ChildMessage;
    if (message.event === 'ready') Object.assign(partial, { ready: message, readyMs: performance.now() - started });
    if (message.event === 'first-answer') partial.firstAnswerMs = performance.now() - started;
    if (message.event === 'done') partial.done = message;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 && partial.ready && partial.done && partial.firstAnswerMs !== undefined) resolve(partial as ChildRun);
      else reject(new Error(`the answering process exited with code ${code}: ${stderr.trim().slice(-800)}`));
    });
  });
}
