import { beforeAll, describe, expect, it } from 'vitest';
import { type Article, loadArticle } from '../src/corpus/article.js';
import { KNOWLEDGE, LANGUAGES } from '../src/text/language-data.js';
import { fold } from '../src/text/normalize.js';
import { PhraseList } from '../src/text/phrase-list.js';

/**
 * The phrase lists scan the text instead of compiling one regular expression per list. This is the pattern they
 * replace, kept here as the reference: on every phrase list of both languages and on every text the article
 * folder holds (passages, anticipated and unanswered questions, and their opening and closing halves), the
 * scan finds exactly what the pattern found.
 */
class PatternPhraseList {
  private readonly anywhere?: RegExp;
  private readonly everywhere?: RegExp;
  private readonly opening?: RegExp;
  private readonly ending?: RegExp;
  private readonly closing?: RegExp;
  constructor(phrases: readonly string[]) {
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const compile = (list: string[], prefix: string, suffix = '') => {
      const sorted = [...new Set(list.map(fold))].filter(Boolean).sort((a, b) => b.length - a.length);
      // A phrase ending in an elision ("combien d'") ends where the next word starts.
      const bounded = (p: string) => (p.endsWith("'") ? escape(p) : `${escape(p)}(?![\\p{L}\\p{N}])`);
      return sorted.length ? new RegExp(`${prefix}(?:${sorted.map(bounded).join('|')})${suffix}`, 'u') : undefined;
    };
    const inside = phrases.filter((p) => !p.startsWith('^') && !p.endsWith('$'));
    const last = phrases.filter((p) => !p.startsWith('^') && p.endsWith('$')).map((p) => p.slice(0, -1));
    this.anywhere = compile(inside, '(?<![\\p{L}\\p{N}])');
    this.opening = compile(phrases.filter((p) => p.startsWith('^')).map((p) => p.slice(1)), '^\\s*');
    this.ending = compile(last, '(?<![\\p{L}\\p{N}])', '[^\\p{L}\\p{N}]*$');
    this.closing = compile([...inside, ...last], '(?<![\\p{L}\\p{N}])', '\\s*$');
    this.everywhere = this.anywhere ? new RegExp(this.anywhere.source, 'gu') : undefined;
  }
  in(t: string) {
    return (this.anywhere?.test(t) ?? false) || (this.opening?.test(t) ?? false) || (this.ending?.test(t) ?? false);
  }
  found(t: string) {
    const found = this.everywhere ? [...t.matchAll(this.everywhere)].map((m) => m[0]) : [];
    const opening = this.opening?.exec(t);
    const ending = this.ending?.exec(t);
    return [...found, ...(opening ? [opening[0].trim()] : []), ...(ending ? [ending[0].replace(/[^\p{L}\p{N}]+$/u, '')] : [])];
  }
  closes(t: string) {
    return this.closing?.test(t) ?? false;
  }
  opens(t: string) {
    const match = this.anywhere?.exec(t);
    return (match !== undefined && match !== null && t.slice(0, match.index).trim() === '') || (this.opening?.test(t) ?? false);
  }
}

const EDGE_TEXTS = ['', ' ', '?!', '   qui', 'qui   ', 'ou ?', 'ou?!…', '𝐀qui', 'qui𝐀', '😀 qui 😀', 'é', "qu'a dit", 'qui-a', '\nqui\n', 'a'.repeat(300)];

function phraseListsOf(language: (typeof LANGUAGES)[number]): [string, string[]][] {
  const lists: [string, string[]][] = [];
  for (const [name, value] of Object.entries(KNOWLEDGE[language])) {
    if (value instanceof PhraseList) lists.push([`${language}.${name}`, [...value.phrases]]);
    if (value instanceof Map) for (const [type, list] of value) if (list instanceof PhraseList) lists.push([`${language}.${name}.${type}`, [...list.phrases]]);
  }
  return lists;
}

let texts: string[];
beforeAll(async () => {
  const article: Article = await loadArticle();
  const whole = [...article.passages.map((p) => p.text), ...article.anticipated.map((q) => q.q), ...article.unanswered.map((q) => q.q)].map(fold);
  // Halves, so that phrases land at the very start and the very end of a text as well.
  const halves = whole.flatMap((t) => [t.slice(0, t.length >> 1), t.slice(t.length >> 1)]);
  texts = [...new Set([...whole, ...halves, ...EDGE_TEXTS])];
});

describe('phrase lists scan as the patterns they replace matched', () => {
  const lists = [...LANGUAGES.flatMap(phraseListsOf), ['hand-made', ['^qui', 'qui a', 'ou$', 'ou sont', 'a', "qu'a dit", 'quelle annee', 'ou ?']] as [string, string[]]];

  it('covers every kind of phrase: plain, opening and closing', () => {
    const all = lists.flatMap(([, phrases]) => phrases);
    expect(all.some((p) => p.startsWith('^'))).toBe(true);
    expect(all.some((p) => p.endsWith('$'))).toBe(true);
    expect(lists.length).toBeGreaterThan(20);
  });

  it.each(lists)('%s', (_name, phrases) => {
    const scanned = new PhraseList(phrases);
    const pattern = new PatternPhraseList(phrases);
    expect(texts.length).toBeGreaterThan(1000);
    for (const text of texts) {
      expect(scanned.in(text), text).toBe(pattern.in(text));
      expect(scanned.found(text), text).toEqual(pattern.found(text));
      expect(scanned.closes(text), text).toBe(pattern.closes(text));
      expect(scanned.opens(text), text).toBe(pattern.opens(text));
    }
  });
});
