import type { Article } from '../corpus/article.js';
import type { LexicalEmbeddings } from '../embeddings/lexical.js';
import { fold } from '../text/normalize.js';
import { type Term, terms } from '../text/tokens.js';

const PREFIX_MIN = 4;

/** Numbers tuned on data/eval (see `npm run eval` and the README). */
export const RELEVANCE = {
  /** Below this retrieval similarity the best passage is not about the question. */
  minScore: 0.12,
  /** Share of the question's specific words that the article must know for it to be in scope at all. */
  minTopicCoverage: 0.34,
  /** Share of specific words the article must know for it to hold an answer. */
  minAnswerCoverage: 0.5,
  /** A word in at least this share of passages names the article's subject and says nothing about the question. */
  subjectShare: 0.5,
};

export type Verdict = { inScope: true } | { inScope: false; reason: 'off_topic' | 'not_in_article' };

/**
 * Knows which words the article uses. A question whose specific words (all but the subject's names, such as
 * "Alibaba" or "Cloud Foundry") are mostly unknown to the article asks about something it does not hold:
 * "Alibaba Cloud's revenue", "the CEO of Alibaba".
 */
export class ArticleVocabulary {
  private readonly known = new Set<string>();
  private readonly subject = new Set<string>();
  /** First letters of every known stem, so "mondiaux" finds "mondial" and "gros" finds "grosses". */
  private readonly prefixes = new Set<string>();

  constructor(article: Article) {
    const documentCount = new Map<string, number>();
    for (const passage of article.passages) {
      const seen = new Set<string>();
      for (const term of terms(`${passage.section}\n${passage.text}`)) {
        seen.add(term.stem);
        if (term.concept) seen.add(term.concept);
      }
      for (const key of seen) documentCount.set(key, (documentCount.get(key) ?? 0) + 1);
    }
    for (const [key, count] of documentCount) {
      this.known.add(key);
      if (count >= article.passages.length * RELEVANCE.subjectShare) this.subject.add(key);
    }
    for (const term of terms(article.title)) this.subject.add(term.stem);
    for (const key of this.known) {
      if (key.startsWith('#')) continue;
      for (let n = PREFIX_MIN; n <= key.length; n += 1) this.prefixes.add(key.slice(0, n));
    }
  }

  knows(term: Term): boolean {
    if (this.known.has(term.stem) || (term.concept !== undefined && this.known.has(term.concept))) return true;
    // Same word, other ending: a shared stem prefix of PREFIX_MIN letters or more, or the whole shorter word.
    return term.stem.length >= PREFIX_MIN && this.prefixes.has(term.stem.slice(0, Math.max(PREFIX_MIN, Math.min(term.stem.length, 5))));
  }

  private isSubject(term: Term): boolean {
    return this.subject.has(term.stem) || (term.concept !== undefined && this.subject.has(term.concept));
  }

  /** Share of the question's specific words the article knows, and how many specific words there are. */
  coverage(question: string | Term[]): { specific: number; covered: number } {
    const specific = (typeof question === 'string' ? terms(question) : question).filter((t) => !this.isSubject(t));
    const known = specific.filter((t) => this.knows(t));
    return { specific: specific.length, covered: specific.length === 0 ? 1 : known.length / specific.length };
  }

  /**
   * Names in the question that the article never mentions: "AWS", "Microsoft", "Europe", "CEO". A question
   * about one of them asks for something the article cannot hold.
   */
  unknownNames(question: string): string[] {
    const names = [...question.matchAll(/(?<=[\p{L}\p{N},;:’'"«»“”()]\s+)\p{Lu}[\p{L}\p{N}-]*|\b\p{Lu}{2,}\b/gu)].map((m) => m[0]);
    return names.filter((name) => terms(name).some((t) => !this.knows(t)));
  }

  /** Is the question about the article, and could the article answer it? */
  assess(question: string, topScore: number): Verdict {
    const questionTerms = terms(question);
    const { specific, covered } = this.coverage(questionTerms);
    const mentionsSubject = questionTerms.some((t) => this.isSubject(t));
    if (topScore < RELEVANCE.minScore) return { inScope: false, reason: mentionsSubject ? 'not_in_article' : 'off_topic' };
    if (this.unknownNames(question).length > 0) return { inScope: false, reason: mentionsSubject ? 'not_in_article' : 'off_topic' };
    // Without the article's subject, only a question entirely in the article's words, and more than one of
    // them, is about it: "Qui est Chip Childers ?" is, "What time is it in Tokyo?" is not.
    if (!mentionsSubject && (covered < 1 || specific < 2)) return { inScope: false, reason: 'off_topic' };
    const focus = focusTerms(question);
    if (focus.length > 0 && !focus.some((t) => this.knows(t))) return { inScope: false, reason: 'not_in_article' };
    if (specific > 0 && covered < RELEVANCE.minTopicCoverage) return { inScope: false, reason: mentionsSubject ? 'not_in_article' : 'off_topic' };
    if (specific > 0 && covered < RELEVANCE.minAnswerCoverage) return { inScope: false, reason: 'not_in_article' };
    return { inScope: true };
  }
}

/**
 * The words a "what is the X of Y" question turns on: "le salaire de Chip Childers", "the revenue of Alibaba",
 * "Alibaba's share price", "combien d'employés". When the article uses none of them, it cannot answer.
 */
export function focusTerms(question: string): Term[] {
  const q = fold(question);
  for (const pattern of FOCUS_PATTERNS) {
    const match = pattern.exec(q);
    if (match) return terms(match[1]!);
  }
  return [];
}

const FOCUS = String.raw`([\p{L}-]+(?: [\p{L}-]+)?)`;
const FOCUS_PATTERNS = [
  String.raw`^(?:quel|quelle|quels|quelles) (?:est|sont|etait|etaient|sera) (?:le |la |les |l')?${FOCUS}`,
  String.raw`^what (?:is|was|are|were|will be) (?:the |its |his |her |their )${FOCUS}`,
  String.raw`^what (?:is|was|are|were) [\p{L} ]+?'s ${FOCUS}`,
  String.raw`\b(?:combien d'|combien de |how many |how much )${FOCUS}`,
  String.raw`^(?:ou|where) (?:se trouve|se trouvent|se situe|se situent|est|sont|is|are) (?:le |la |les |l'|the )?${FOCUS}`,
].map((source) => new RegExp(source, 'u'));

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

/** Share of the query's weight that the text also carries: how much of the question a sentence speaks to. */
export function queryCoverage(query: Map<string, number>, text: Map<string, number>): number {
  let total = 0;
  let covered = 0;
  for (const [key, value] of query) {
    total += value;
    if (text.has(key)) covered += value;
  }
  return total === 0 ? 0 : covered / total;
}

export type SentenceScorer = Pick<LexicalEmbeddings, 'features'>;
