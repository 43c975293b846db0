import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../src/answer/engine.js';
import { ArticleLexicon } from '../src/answer/question.js';
import { loadArticle } from '../src/corpus/article.js';
import { passes } from '../src/eval/metrics.js';
import { type EvalReport, runEval } from '../src/eval/run.js';
import { loadQuestions } from '../src/eval/questions.js';
import { fold } from '../src/text/normalize.js';
import { tempEngine } from './support/engine.js';

// A second article, on another subject, in its own folder: the bot answers about it with no code change, which
// proves nothing of the first article lives in the code.
const FIXTURE = path.resolve(import.meta.dirname, 'fixtures/articles/millau-viaduct');
const SRC = path.resolve(import.meta.dirname, '../src');

let engine: Engine;
let cleanup: () => Promise<void>;
let report: EvalReport;
const fixture = await loadArticle(FIXTURE);

beforeAll(async () => {
  ({ engine, cleanup } = await tempEngine({ DATA_DIR: FIXTURE }));
  report = await runEval(engine, await loadQuestions(path.join(FIXTURE, 'questions.jsonl')));
});
afterAll(() => cleanup());

describe('another article, pointed at by DATA_DIR', () => {
  it('loads its own passages and anticipated questions', () => {
    expect(engine.info().article).toBe('Le viaduc de Millau, géant d’acier au-dessus du Tarn');
    expect(engine.info().paragraphs).toBe(7);
  });

  it('answers its ten questions from its own passages: the gold passage cited for most, no more than one wrong quote', () => {
    const answerable = report.rows.filter((r) => r.question.category === 'answerable');
    expect(answerable).toHaveLength(10);
    const ids = new Set(fixture.passages.map((p) => p.id));
    for (const row of report.rows) for (const c of row.result.citations) expect(ids.has(c.passageId)).toBe(true);
    // Answered or offered as the closest quote ("not sure…"), the cited passage is the one that holds the answer.
    const goldCited = answerable.filter((r) => r.result.citations.some((c) => r.question.gold!.includes(c.passageId)));
    expect(goldCited.length).toBeGreaterThanOrEqual(6);
    expect(answerable.filter(passes).length).toBeGreaterThanOrEqual(3);
    expect(answerable.filter((r) => !r.result.refused && !passes(r)).length).toBeLessThanOrEqual(1);
  });

  it('refuses what that article does not say and what is off its topic', () => {
    for (const row of report.rows.filter((r) => r.question.category !== 'answerable')) expect(row.result.refused, row.question.q).toBe(true);
  });
});

describe('the code', () => {
  it('names no name, place or person of the shipped article: article knowledge lives in data/', async () => {
    const lexicon = new ArticleLexicon(await loadArticle());
    const names = lexicon.names.filter((name) => name.length >= 4 && name.split(' ').every((w) => lexicon.properNames.has(w)));
    const files = (await readdir(SRC, { recursive: true })).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = fold(await readFile(path.join(SRC, file), 'utf8'));
      const found = names.filter((name) => new RegExp(`\\b${name.replace(/ /g, '\\W+')}\\b`).test(text));
      expect(found, file).toEqual([]);
    }
  });
});
