import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../src/answer/engine.js';
import { loadArticle } from '../src/corpus/article.js';
import { hostileQuestions } from './support/fuzz.js';
import { tempEngine } from './support/engine.js';
import { answerResultSchema } from './support/result-schema.js';

let engine: Engine;
let cleanup: () => Promise<void>;
const article = await loadArticle();
const passageText = new Map(article.passages.map((p) => [`${p.id}:${p.lang}`, p.text]));

beforeAll(async () => {
  ({ engine, cleanup } = await tempEngine());
});
afterAll(() => cleanup());

describe('the engine under 1,200 generated hostile questions', () => {
  it('never throws, always returns a valid result, quotes only the article and pings no one', async () => {
    const questions = hostileQuestions(1200);
    const reasons = new Map<string, number>();
    for (const question of questions) {
      const result = await engine.ask(question);
      const parsed = answerResultSchema.safeParse(result);
      expect(parsed.success, `${JSON.stringify(question.slice(0, 80))}: ${parsed.error?.message}`).toBe(true);
      for (const c of result.citations) expect(passageText.get(`${c.passageId}:${c.lang}`)).toContain(c.quote);
      // The engine's own text never carries a mention, whatever the question held.
      expect(result.answer).not.toMatch(/@everyone|@here|<@[!&]?\d+>/);
      expect(result.answer.length).toBeLessThan(1500);
      expect(result.question).not.toMatch(/[\u0000-\u0008\u200b\u202e]/);
      const key = result.refusalReason ?? 'answered';
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
    // The generator reaches every kind of outcome, or it would prove little.
    expect([...reasons.keys()].sort()).toEqual(expect.arrayContaining(['answered', 'empty', 'injection', 'off_topic', 'too_long']));
  });
});
