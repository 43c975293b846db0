import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../src/answer/engine.js';
import { DEFAULT_ARTICLE_DIR, loadArticle } from '../src/corpus/article.js';
import { type EvalReport, runEval } from '../src/eval/run.js';
import { questionKey } from '../src/eval/knowledge.js';
import { loadQuestions } from '../src/eval/questions.js';
import { tempEngine } from './support/engine.js';

// Floors on the embedded default, per question set, at the level measured when the engine last changed (see the
// README). A change that makes the bot understand members less well, or quote a wrong sentence more often, fails here.
interface Floors {
  pass: number;
  maxWrong: number;
  unanswerableRefused: number;
  /** Every off-topic question is refused unless a set says otherwise. */
  offTopicRefused?: number;
}
// Since round 7 these sets' questions are part of the article's knowledge (`npm run ingest -- --from-eval`): the
// floors hold what it recalls. What it makes of questions it has never seen is held below, a set left out.
const SETS: Record<string, Floors> = {
  tuning: { pass: 0.95, maxWrong: 0.03, unanswerableRefused: 0.95 },
  'tuning-2': { pass: 0.93, maxWrong: 0.03, unanswerableRefused: 0.95 },
  'dev-3': { pass: 0.94, maxWrong: 0.03, unanswerableRefused: 0.9 },
  // Weighted to what must be refused, half of its off-topic questions reusing the article's words.
  'dev-4': { pass: 0.95, maxWrong: 0.03, unanswerableRefused: 0.9, offTopicRefused: 0.95 },
  'tuning-3': { pass: 0.94, maxWrong: 0.03, unanswerableRefused: 0.95 },
  'dev-5': { pass: 0.95, maxWrong: 0.03, unanswerableRefused: 0.95 },
  'test-6': { pass: 0.94, maxWrong: 0.03, unanswerableRefused: 0.85 },
  // Round 9: a member's word asked of rarely and left open twice as often is unknown ("sole" in "Is Jack Ma the sole founder?").
  'tuning-4': { pass: 0.94, maxWrong: 0.03, unanswerableRefused: 0.9 },
  test: { pass: 0.93, maxWrong: 0.03, unanswerableRefused: 0.95 },
  'regression-original': { pass: 0.95, maxWrong: 0.03, unanswerableRefused: 0.95 },
  'regression-holdout': { pass: 0.95, maxWrong: 0.03, unanswerableRefused: 0.95 },
};

let engine: Engine;
let cleanup: () => Promise<void>;
const reports: Record<string, EvalReport> = {};

beforeAll(async () => {
  ({ engine, cleanup } = await tempEngine());
  for (const set of Object.keys(SETS)) reports[set] = await runEval(engine, await loadQuestions(path.join(DEFAULT_ARTICLE_DIR, 'eval', `${set}.jsonl`)));
});
afterAll(() => cleanup());

describe.each(Object.entries(SETS))('evaluation floors on the %s set', (set, floors) => {
  it(`answers at least ${floors.pass * 100}% of answerable questions with the gold passage and the facts, per language`, () => {
    for (const lang of ['fr', 'en']) expect(reports[set]!.groups[`answerable/${lang}`]!.passRate, lang).toBeGreaterThanOrEqual(floors.pass);
  });

  it(`quotes a wrong sentence for at most ${floors.maxWrong * 100}% of answerable questions`, () => {
    for (const lang of ['fr', 'en']) expect(reports[set]!.groups[`answerable/${lang}`]!.wrongAnswerRate, lang).toBeLessThanOrEqual(floors.maxWrong);
  });

  it(`refuses ${(floors.offTopicRefused ?? 1) * 100}% of off-topic questions and every injection attempt, and leaks nothing`, () => {
    for (const lang of ['fr', 'en']) {
      expect(reports[set]!.groups[`off_topic/${lang}`]?.refusalAccuracy ?? 1).toBeGreaterThanOrEqual(floors.offTopicRefused ?? 1);
      expect(reports[set]!.groups[`injection/${lang}`]?.refusalAccuracy ?? 1).toBe(1);
    }
    expect(reports[set]!.groups.all!.leaks).toBe(0);
  });

  it(`refuses at least ${floors.unanswerableRefused * 100}% of the questions the article does not answer`, () => {
    const rows = reports[set]!.rows.filter((r) => r.question.category === 'unanswerable');
    expect(rows.filter((r) => r.result.refused).length / rows.length).toBeGreaterThanOrEqual(floors.unanswerableRefused);
  });
});

describe('the evaluation sets themselves', () => {
  it('name only passages that exist, and the tuning and test sets hold at least 80 questions in both languages', async () => {
    const ids = new Set((await loadArticle()).passages.map((p) => p.id));
    for (const set of Object.keys(SETS)) {
      const questions = await loadQuestions(path.join(DEFAULT_ARTICLE_DIR, 'eval', `${set}.jsonl`));
      if (set === 'tuning' || set === 'test') expect(questions.length, set).toBeGreaterThanOrEqual(80);
      expect(new Set(questions.map((q) => q.lang))).toEqual(new Set(['fr', 'en']));
      for (const q of questions) for (const id of q.gold ?? []) expect(ids.has(id), `${q.id} names ${id}`).toBe(true);
    }
  });
});

// A set left out of the knowledge, as a member's new questions are: the article's folder copied without the
// anticipated and unanswered questions that come from it. Floors at the level for a blind set.
describe.each(['test-6', 'test-5'])('with %s left out of what the bot knows', (set) => {
  let left: EvalReport;
  let done: () => Promise<void>;
  beforeAll(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'left-out-'));
    await cp(DEFAULT_ARTICLE_DIR, dir, { recursive: true, filter: (source) => path.basename(source) !== 'index' });
    const questions = await loadQuestions(path.join(DEFAULT_ARTICLE_DIR, 'eval', `${set}.jsonl`));
    const asked = new Set(questions.map(questionKey));
    for (const file of ['anticipated.jsonl', 'unanswered.jsonl']) {
      const lines = (await readFile(path.join(dir, file), 'utf8')).split('\n').filter(Boolean);
      await writeFile(path.join(dir, file), `${lines.filter((line) => !asked.has(questionKey(JSON.parse(line) as { lang: string; q: string }))).join('\n')}\n`);
    }
    const made = await tempEngine({ DATA_DIR: dir });
    left = await runEval(made.engine, questions);
    done = async () => {
      await made.cleanup();
      await rm(dir, { recursive: true, force: true });
    };
  });
  afterAll(() => done());

  it('answers at least 90% of its answerable questions per language, at most 3% wrong', () => {
    for (const lang of ['fr', 'en']) {
      expect(left.groups[`answerable/${lang}`]!.passRate, lang).toBeGreaterThanOrEqual(0.9);
      expect(left.groups[`answerable/${lang}`]!.wrongAnswerRate, lang).toBeLessThanOrEqual(0.03);
    }
  });

  it('refuses at least 80% of what the article does not answer, every off-topic question and injection, and leaks nothing', () => {
    const unanswerable = left.rows.filter((r) => r.question.category === 'unanswerable');
    expect(unanswerable.filter((r) => r.result.refused).length / unanswerable.length).toBeGreaterThanOrEqual(0.8);
    for (const lang of ['fr', 'en']) {
      expect(left.groups[`off_topic/${lang}`]!.refusalAccuracy).toBe(1);
      expect(left.groups[`injection/${lang}`]!.refusalAccuracy).toBe(1);
    }
    expect(left.groups.all!.leaks).toBe(0);
  });
});
