import type { Article } from '../corpus/article.js';
import type { LexicalEmbeddings } from '../embeddings/lexical.js';
import { terms } from '../text/tokens.js';

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
  }

  /** Share of the question's specific words the article knows, and how many specific words there are. */
  coverage(question: string): { specific: number; covered: number } {
    const specific = terms(question).filter((t) => !this.subject.has(t.stem) && !(t.concept && this.subject.has(t.concept)));
    const known = specific.filter((t) => this.known.has(t.stem) || (t.concept !== undefined && this.known.has(t.concept)));
    return { specific: specific.length, covered: specific.length === 0 ? 1 : known.length / specific.length };
  }

  /** Is the question about the article, and could the article answer it? */
  assess(question: string, topScore: number): Verdict {
    const { specific, covered } = this.coverage(question);
    const mentionsSubject = terms(question).some((t) => this.subject.has(t.stem) || (t.concept !== undefined && this.subject.has(t.concept)));
    if (topScore < RELEVANCE.minScore) return { inScope: false, reason: mentionsSubject ? 'not_in_article' : 'off_topic' };
    if (specific > 0 && covered < RELEVANCE.minTopicCoverage) return { inScope: false, reason: mentionsSubject ? 'not_in_article' : 'off_topic' };
    if (specific > 0 && covered < RELEVANCE.minAnswerCoverage) return { inScope: false, reason: 'not_in_article' };
    return { inScope: true };
  }
}

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

export type SentenceScorer = Pick<LexicalEmbeddings, 'features'>;
