import { describe, expect, it } from 'vitest';
import { passageTerms, unsupportedTerms } from '../src/answer/claims.js';
import { looksLikeInjection, withoutMentions } from '../src/answer/guards.js';
import { defuseLinks, linksIn } from '../src/answer/links.js';
import { renumberMarkers } from '../src/answer/model-output.js';
import { LeakGuard, secretComparable } from '../src/answer/output-leaks.js';
import { isInventedQuotation, quotationHaystack } from '../src/answer/quotations.js';
import { splitText, truncate } from '../src/bot/split.js';
import { redact } from '../src/log.js';
import { cleanText, fold, neutralizeMentions } from '../src/text/normalize.js';
import { SentenceScanner } from '../src/text/sentence-breaks.js';
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
    it(`the model-output checks, each alone: ${shape}`, () => {
      const timings = {
        'sentence scanner': fastestMs(() => new SentenceScanner({ holdInsideQuotes: true }).scan(text, true)),
        'invented quotation': fastestMs(() => isInventedQuotation(text, haystack)),
        links: fastestMs(() => defuseLinks(text, allowed, '(link removed)')),
        claims: fastestMs(() => unsupportedTerms(text, terms)),
        'leak scan': fastestMs(() => leakGuard.scan().leaks(text)),
        'secret form': fastestMs(() => secretComparable(text)),
        'credential shapes': fastestMs(() => redact(text, [])),
        'marker renumbering': fastestMs(() => renumberMarkers(text, 4, [])),
        'mentions, fold': fastestMs(() => fold(neutralizeMentions(text))),
        // A condensed follow-up is model output that goes through the question guards.
        'question guards': fastestMs(() => looksLikeInjection(withoutMentions(text))),
      };
      expect(Object.entries(timings).filter(([, ms]) => ms >= LIMIT_MS)).toEqual([]);
    });
  }
});

const passage = 'Founded in 1999 by Jack Ma and Peng Lei, the Alibaba group is one of the largest online and mobile commerce companies in the world.';
const haystack = quotationHaystack([passage]);
const allowed = linksIn([passage]);
const terms = passageTerms([passage]);
const leakGuard = new LeakGuard('Use only the numbered passages supplied with the question.', ['sk-live-Zq8vN3xK7pR2mW9tY4bL6cJ1']);

describe('cleanText', () => {
  it('removes controls, invisible, bidi and tag characters and collapses whitespace runs', () => {
    expect(cleanText(' a \u00A0b\u00A0 c  \n \n\n\n  d\u200B\u202Ee\u{E0041}\u00AD \t x')).toBe('a b c\n\nde x');
  });

  it('keeps a single no-break space and caps combining marks at four per character', () => {
    expect(cleanText('«\u202FOui\u202F»')).toBe('«\u202FOui\u202F»');
    expect(cleanText(`e${'\u0301'.repeat(40)}`)).toHaveLength(5);
  });
});
