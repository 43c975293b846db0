/**
 * What a person waits for before any answer: `ask --json` of one question from process start to exit, and
 * the bot from process start to its gateway IDENTIFY. Each is timed on the compiled build (node on dist/,
 * as the npm scripts run) and on the sources through tsx (as they ran before the build), so the bench
 * prints what compiling bought as a ratio measured in the same run.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { DEFAULT_ARTICLE_DIR, loadArticle } from '../corpus/article.js';
import { percentile } from '../eval/metrics.js';
import { PROJECT_ROOT } from '../paths.js';
import type { FloorCheck } from './choose.js';

const TSX = path.join(PROJECT_ROOT, 'node_modules/.bin/tsx');
/**
 * Answered from the article on the embedded default, a full ask rather than a refusal that skips retrieval:
 * the first anticipated question of the article, so the bench names nothing of it.
 */
const article = await loadArticle(DEFAULT_ARTICLE_DIR);
const QUESTION = article.anticipated[0]?.q ?? article.title;
/** The embedded default, whatever the caller's .env says (children run in a temporary folder, away from it). */
const DEFAULT_ENV = { EMBEDDINGS_PROVIDER: 'local', ANSWERER: 'extractive', LOG_LEVEL: 'warn' };
const IDENTIFY_TIMEOUT_MS = 60_000;
/** Floor: compiled `ask` this many times faster than tsx (by hand, before this bench: 1.2–1.6 s under tsx, 0.44–0.54 s compiled). */
export const MIN_ASK_SPEEDUP = 3;
/** Floor: the compiled bot identifies to the gateway within this long of its process starting. */
export const MAX_IDENTIFY_MS = 1000;

/** How a script is started: the compiled build, or the source through tsx's launcher. */
type Runner = 'node-dist' | 'tsx-src';

function command(runner: Runner, script: string): [string, string[]] {
  return runner === 'node-dist' ? [process.execPath, [path.join(PROJECT_ROOT, 'dist', `${script}.js`)]] : [TSX, [path.join(PROJECT_ROOT, 'src', `${script}.ts`)]];
}

export interface Timed {
  medianMs: number;
  runsMs: number[];
}

export interface StartupResult {
  runs: number;
  /** `ask --json` of the article's first anticipated question, process start to exit. */
  ask: Record<Runner, Timed>;
  /** tsx median over node median. */
  askSpeedup: number;
  /** The bot (src/bot/start), process start to the emulator receiving its IDENTIFY. */
  identify: Record<Runner, Timed>;
}

/** The few members of the Discord emulator (test/discord-emulator) this bench uses. */
interface Emulator {
  token: string;
  apiUrl: string;
  gateway: { identifies: { at: number }[] };
  until<T>(check: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Times `runs` starts of each kind, taking turns so that load from elsewhere on the machine lands on both
 * alike; one untimed start of each first builds the index and warms tsx's transform cache and the page cache.
 */
export async function benchStartup(options: { runs: number }): Promise<StartupResult> {
  if (!existsSync(path.join(PROJECT_ROOT, 'dist'))) throw new Error('dist/ is missing: run npm run build first (npm ci runs it)');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-startup-'));
  try {
    const env = { ...process.env, ...DEFAULT_ENV, INDEX_DIR: path.join(dir, 'index'), BOT_DATABASE: path.join(dir, 'bot.sqlite') };
    const runners: Runner[] = ['node-dist', 'tsx-src'];
    const askTimes: Record<Runner, number[]> = { 'node-dist': [], 'tsx-src': [] };
    for (let i = 0; i <= options.runs; i += 1) {
      for (const runner of runners) {
        const ms = await timeAsk(runner, env, dir);
        if (i > 0) askTimes[runner].push(ms);
      }
    }
    const identifyTimes = await timeIdentifies(runners, options.runs, env, dir);
    const timed = (times: Record<Runner, number[]>) =>
      Object.fromEntries(runners.map((r) => [r, { medianMs: Math.round(percentile(times[r], 50)), runsMs: times[r].map(Math.round) }])) as Record<Runner, Timed>;
    const ask = timed(askTimes);
    return { runs: options.runs, ask, askSpeedup: ask['tsx-src'].medianMs / ask['node-dist'].medianMs, identify: timed(identifyTimes) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One `ask --json` from spawn to exit; fails unless it printed one answered result. */
async function timeAsk(runner: Runner, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const [file, args] = command(runner, 'cli/ask');
  const started = performance.now();
  const child = spawn(file, [...args, '--json', QUESTION], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
  const ms = performance.now() - started;
  if (code !== 0 || (JSON.parse(stdout) as { refused: boolean }).refused) throw new Error(`ask (${runner}) exited ${code}: ${stderr.trim().slice(-500)}`);
  return ms;
}

/** The bot against the Discord emulator: spawn to IDENTIFY received, then SIGTERM and wait for the exit. */
async function timeIdentifies(runners: Runner[], runs: number, env: NodeJS.ProcessEnv, cwd: string): Promise<Record<Runner, number[]>> {
  // The emulator is TypeScript outside src/ (it is the tests' Discord), so it is loaded through tsx.
  const { DiscordEmulator } = (await tsImport('../../test/discord-emulator/emulator.ts', import.meta.url)) as { DiscordEmulator: { start(): Promise<Emulator> } };
  const emulator = await DiscordEmulator.start();
  const times: Record<Runner, number[]> = { 'node-dist': [], 'tsx-src': [] };
  try {
    const botEnv = { ...env, DISCORD_TOKEN: emulator.token, DISCORD_API_URL: emulator.apiUrl };
    for (let i = 0; i <= runs; i += 1) {
      for (const runner of runners) {
        const [file, args] = command(runner, 'bot/start');
        const seen = emulator.gateway.identifies.length;
        const started = performance.now();
        const child = spawn(file, args, { cwd, env: botEnv, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
        let gone = false;
        void exited.then(() => (gone = true));
        try {
          const identify = await emulator.until(() => gone || emulator.gateway.identifies[seen], IDENTIFY_TIMEOUT_MS);
          if (identify === true) throw new Error(`the bot (${runner}) exited before identifying: ${stderr.trim().slice(-500)}`);
          if (i > 0) times[runner].push(identify.at - started);
        } finally {
          // Also when no IDENTIFY came in time: a bot left running would outlive the bench.
          child.kill('SIGTERM');
          await exited;
        }
      }
    }
  } finally {
    await emulator.stop();
  }
  return times;
}

export function startupFloors(result: StartupResult): FloorCheck[] {
  const identifyMs = result.identify['node-dist'].medianMs;
  return [
    { scope: 'start-up', what: 'ask --json: tsx / node', value: result.askSpeedup, shown: `${result.askSpeedup.toFixed(1)}×`, limit: `≥ ${MIN_ASK_SPEEDUP}×`, pass: result.askSpeedup >= MIN_ASK_SPEEDUP },
    { scope: 'start-up', what: 'bot start to IDENTIFY (node)', value: identifyMs, shown: `${identifyMs} ms`, limit: `< ${MAX_IDENTIFY_MS} ms`, pass: identifyMs < MAX_IDENTIFY_MS },
  ];
}
