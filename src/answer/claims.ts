import { fold } from '../text/normalize.js';

/**
 * Whether a sentence of a model's answer is backed by the passage it cites: every number (a year, an amount)
 * and every name in it must appear in that passage, and it must share at least one word with it. A model can
 * attach a valid [1] to "Founded in 2015 by Elon Musk"; this is the check that catches it.
 */

/** Digits, with thousands or decimal separators between groups: "1999", "1,000", "2.5", "1 000". */
const NUMBER = /\d+(?:[.,\u00A0\u202F]\d+)*/g;
/** A word that starts with a capital where no sentence starts: a name, an acronym ("Jack", "CNCF"). */
const CAPITALISED = /(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{M}\p{N}'’-]*/gu;
/** Not claims: markers, mentions, channel and emoji syntax. */
const NOT_CLAIMS = /\[\d{1,3}\]|<[@#][!&]?\d+>|<a?:\w{1,40}:\d+>/g;
/** Words this long or longer carry content; shorter ones are mostly grammar. */
const CONTENT_WORD_LENGTH = 5;

export interface PassageTerms {
  words: Set<string>;
  numbers: Set<string>;
}

/** The words and numbers of the texts behind one citation (a passage, and its original when translated). */
export function passageTerms(texts: readonly string[]): PassageTerms {
  const words = new Set<string>();
  const numbers = new Set<string>();
  for (const text of texts) {
    for (const word of wordsOf(text)) words.add(word);
    for (const [number] of text.matchAll(NUMBER)) for (const form of numberForms(number)) numbers.add(form);
  }
  return { words, numbers };
}

/** The numbers and names of `sentence` that `terms` lacks; empty when the sentence is supported. */
export function unsupportedTerms(sentence: string, terms: PassageTerms): string[] {
  const text = sentence.replace(NOT_CLAIMS, ' ');
  const numbers = [...text.matchAll(NUMBER)].map((m) => m[0]);
  const first = firstWordEnd(text);
  const names = [...text.matchAll(CAPITALISED)].filter((m) => m.index >= first).map((m) => m[0]);
  const missing = new Set<string>();
  for (const number of numbers) if (!numberForms(number).some((form) => terms.numbers.has(form))) missing.add(number);
  for (const name of names) for (const part of wordsOf(name)) if (part.length > 1 && !terms.words.has(part)) missing.add(name);
  // A sentence with no number and no name must at least talk about what the passage talks about.
  if (numbers.length === 0 && names.length === 0 && !wordsOf(text).some((w) => w.length >= CONTENT_WORD_LENGTH && terms.words.has(w))) {
    missing.add('(no shared content)');
  }
  return [...missing];
}

function wordsOf(text: string): string[] {
  return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** "1,000", "1 000" and "1000" are one number; "2,5" and "2.5" too. */
function numberForms(number: string): string[] {
  const digits = number.replace(/[^\d]/g, '');
  return digits === number ? [number] : [digits, number];
}

/** Where the sentence's first word ends: a capital there starts the sentence and names nothing. */
function firstWordEnd(text: string): number {
  const match = /[\p{L}\p{N}]+/u.exec(text);
  return match ? match.index + match[0].length : 0;
}
