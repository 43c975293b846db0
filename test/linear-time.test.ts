import { describe, expect, it } from 'vitest';
import { splitText, truncate } from '../src/bot/split.js';
import { cleanText } from '../src/text/normalize.js';
import { fastestMs, pathologicalShapes } from './support/pathological.js';

/**
 * Every function that reads a model's answer runs in linear time: 50,000 characters of each shape that makes a
 * backtracking pattern explode go through in under 50 ms (before: 213 s for hasInventedQuote, 209.7 s for the
 * sentence split, 3.4 s for cleanText on 10,000 to 50,000 characters).
 */
const LIMIT_MS = 50;
const shapes = Object.entries(pathologicalShapes(50_000));

describe('linear time on 50,000 characters of each pathological shape', () => {
  for (const [shape, text] of shapes) {
    it(`cleanText: ${shape}`, () => {
      expect(fastestMs(() => cleanText(text))).toBeLessThan(LIMIT_MS);
    });
    it(`splitText and truncate: ${shape}`, () => {
      expect(fastestMs(() => splitText(text, 2000))).toBeLessThan(LIMIT_MS);
      expect(fastestMs(() => truncate(text, 1000))).toBeLessThan(LIMIT_MS);
    });
  }
});

describe('cleanText', () => {
  it('removes controls, invisible, bidi and tag characters and collapses whitespace runs', () => {
    expect(cleanText(' a \u00A0b\u00A0 c  \n \n\n\n  d\u200B\u202Ee\u{E0041}\u00AD \t x')).toBe('a b c\n\nde x');
  });

  it('keeps a single no-break space and caps combining marks at four per character', () => {
    expect(cleanText('«\u202FOui\u202F»')).toBe('«\u202FOui\u202F»');
    expect(cleanText(`e${'\u0301'.repeat(40)}`)).toHaveLength(5);
  });
});
