/**
 * Run by the bench in a fresh process, so start-up is really cold: starts the engine, says "ready" on stdout,
 * then (after one unrecorded pass) answers the evaluation sets `--rounds` times and reports every answer's
 * stage timings and its own peak memory, one JSON object per line.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../answer/engine.js';
import { loadEngineConfig } from '../config/env.js';
import { loadQuestions } from '../eval/questions.js';
import { createLogger } from '../log.js';

export type StageTimings = { embedMs: number; searchMs: number; answerMs: number; totalMs: number };

export type ChildMessage =
  | { event: 'ready'; passages: number; indexRebuiltBecause?: string; indexMs: number }
  | { event: 'first-answer'; totalMs: number }
  | { event: 'done'; questions: number; timings: StageTimings[]; maxRssKb: number };

const send = (message: ChildMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '0' } } });
const rounds = Number(values.rounds);

const config = loadEngineConfig();
const engine = await Engine.create(config, createLogger({ level: 'warn' }));
const info = engine.info();
send({ event: 'ready', passages: info.passages, indexRebuiltBecause: info.indexRebuiltBecause, indexMs: info.indexMs });

// The tuning set and the older regression sets, as `npm run eval` asks them (the test set is kept for evaluation).
const files = ['tuning.jsonl', 'regression-original.jsonl', 'regression-holdout.jsonl'].map((file) => path.join(config.dataDir, 'eval', file));
const questions = (await Promise.all(files.map(loadQuestions))).flat();
send({ event: 'first-answer', totalMs: (await engine.ask(questions[0]!.q)).timings.totalMs });
// One unrecorded pass: the percentiles describe a bot that has been running, not its first few answers.
if (rounds > 0) for (const question of questions) await engine.ask(question.q);

const timings: StageTimings[] = [];
for (let round = 0; round < rounds; round += 1) {
  for (const question of questions) timings.push((await engine.ask(question.q)).timings);
}
send({ event: 'done', questions: questions.length, timings, maxRssKb: process.resourceUsage().maxRSS });
