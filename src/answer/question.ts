import { fold } from '../text/normalize.js';
import { words } from '../text/tokens.js';
import type { Turn } from './types.js';

/** What kind of answer a question wants, when its wording says so. */
export type AnswerType = 'year' | 'quantity' | 'other';

export function answerType(question: string): AnswerType {
  const q = fold(question);
  if (/\b(?:when|what year|which year|what date|since when|quand|quelle annee|quelle date|depuis quand|a quel moment)\b/.test(q)) return 'year';
  if (/\b(?:how many|how much|combien|what (?:is|was) the (?:price|cost|amount|revenue|number))\b/.test(q)) return 'quantity';
  return 'other';
}

const YEAR = /\b(?:1[89]|20)\d\d\b/;
const QUANTITY = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|billion|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|cent|mille|million|milliard)s?\b/i;

/** Does the sentence contain what the answer type asks for? */
export function satisfiesAnswerType(type: AnswerType, sentence: string): boolean {
  if (type === 'year') return YEAR.test(sentence);
  if (type === 'quantity') return QUANTITY.test(sentence);
  return true;
}

// Openings that make a question lean on the one before it ("and when?", "et lui ?", "what about Tokyo?").
const FOLLOW_UP_START = /^(?:and|but|also|so|then|what about|how about|et|mais|aussi|alors|puis|et pour|et quant a|quid de)\b/;
const PRONOUNS = new Set('it its they them their he she his her this that those these il elle ils elles lui leur leurs son sa ses ce cela ca celui celle ceux y en'.split(' '));

/**
 * Without a language model, a follow-up is resolved by searching with the previous question alongside it,
 * when it reads like one: it opens like a continuation, leans on a pronoun, or is too short to stand alone.
 */
export function resolveFollowUp(question: string, history: readonly Turn[] | undefined): string {
  const previous = history?.at(-1)?.question;
  if (!previous) return question;
  const folded = fold(question).trim();
  const tokens = words(question);
  const leans = FOLLOW_UP_START.test(folded) || tokens.some((t) => PRONOUNS.has(t)) || tokens.length <= 3;
  return leans ? `${question}\n${previous}` : question;
}
