import type { LexicalEmbeddings } from '../embeddings/lexical.js';
import { type AnalysedQuestion, wordsOfNames } from './question.js';

/**
 * How sure the engine must be before it quotes. Measured on the tuning sets (the article folder's
 * eval/tuning.jsonl, tuning-2.jsonl and dev-3.jsonl, `npm run eval -- --set tuning-2`), never on the test sets.
 */
export const CONFIDENCE = {
  /** At or above: the best sentence's paragraph is quoted as the answer. */
  answer: 0.3,
  /**
   * The same for a question that names nothing of the article: only a close match says it is about the article
   * at all ("meilleur forfait mobile ?" shares one word with it). Raised from 0.4 in round 15, over every set left
   * out in turn: 17 passes become "not sure" quotes, 6 wrong answers, 2 unanswerable and 1 off-topic question do not.
   */
  answerNameless: 0.45,
  /** At or above (and under `answer`): "I'm not sure the article says; the closest is…". Below: a refusal. */
  unsure: 0.2,
  /** At or above this share of the weight of a question that names nothing of the article on unknown words, a plain refusal. */
  maxUnknownWeight: 0.6,
  /**
   * At or above this share of unknown weight in what a question asks of the subject it names (its words other
   * than the article's names), a plain refusal: "the salary of X" asks X for something the article never speaks of.
   */
  maxUnknownAskedWeight: 0.5,
};

/**
 * The least retrieval similarity at which the best match can be about the question, per embedder: each has
 * its own scale (cosine of sparse lexical vectors runs lower than that of dense neural ones).
 */
export const RETRIEVAL_FLOOR: Record<'local' | 'use' | 'openai', number> = {
  local: 0.1,
  use: 0.3,
  openai: 0.2,
};

/** Within a unit's match: how much of the question it covers, against cosine (which favours short units). */
const COVERAGE_WEIGHT = 0.65;

export type SentenceScorer = Pick<LexicalEmbeddings, 'features' | 'weightOf' | 'maxWeight'>;

/** Cosine similarity of two sparse feature maps from the lexical embedder. */
export function sparseCosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [key, value] of a) {
    na += value * value;
    const other = b.get(key);
    if (other !== undefined) dot += value * other;
  }
  for (const value of b.values()) nb += value * value;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Share of the query's weight that the text also carries: how much of the question a unit speaks to. */
export function queryCoverage(query: Map<string, number>, text: Map<string, number>): number {
  let total = 0;
  let covered = 0;
  for (const [key, value] of query) {
    total += value;
    if (text.has(key)) covered += value;
  }
  return total === 0 ? 0 : covered / total;
}

/** How well a unit (sentence, paragraph, anticipated question) answers to the question, 0 to 1. */
export function lexicalMatch(question: Map<string, number>, unit: Map<string, number>): number {
  return COVERAGE_WEIGHT * queryCoverage(question, unit) + (1 - COVERAGE_WEIGHT) * sparseCosine(question, unit);
}

/**
 * The share of the question the article cannot speak to: content words it never uses, even one typo away.
 * "What is Acme's revenue?" leaves "revenue" unknown when the article never speaks of money.
 */
export function unknownShare(question: AnalysedQuestion): number {
  return question.terms.length === 0 ? 0 : question.unknownWords.length / question.terms.length;
}

/**
 * How alike two questions are: each must cover the other (the harmonic mean of both coverages), so that
 * "when was Acme founded" does not take "when was Acme Labs founded" for itself.
 */
export function questionMatch(question: Map<string, number>, other: Map<string, number>): number {
  const there = queryCoverage(question, other);
  const back = queryCoverage(other, question);
  const both = there + back === 0 ? 0 : (2 * there * back) / (there + back);
  return COVERAGE_WEIGHT * both + (1 - COVERAGE_WEIGHT) * sparseCosine(question, other);
}

/**
 * The share of the question's weight that falls on words the article does not know. Rarity decides weight,
 * and a word the article never uses is rarer than any it does: in "acme labs utilise kubernetes ?" the
 * unknown "kubernetes" outweighs the subject's names, which every paragraph repeats. `withoutNames` weighs
 * only what is asked of the subject, the article's names set aside.
 */
export function unknownWeight(question: AnalysedQuestion, scorer: SentenceScorer, withoutNames = false): number {
  const unknown = new Set(question.unknownWords);
  const nameWords = wordsOfNames(withoutNames ? question.names : []);
  let total = 0;
  let missing = 0;
  for (const term of question.terms) {
    if (nameWords.has(term.word)) continue;
    const weight = unknown.has(term.word) ? scorer.maxWeight() : Math.max(...term.stems.map((s) => scorer.weightOf(`s:${s}`)));
    total += weight;
    if (unknown.has(term.word)) missing += weight;
  }
  return total === 0 ? 0 : missing / total;
}

/**
 * Off the article's topic altogether (no name of the article and nothing it speaks of), as opposed to on its
 * topic but not answered by it: the refusal says which.
 */
export function isOffTopic(question: AnalysedQuestion): boolean {
  return question.names.length === 0 && unknownShare(question) > 0.5;
}
