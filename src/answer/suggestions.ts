import type { AnticipatedQuestion, Language } from '../corpus/article.js';
import { fold } from '../text/normalize.js';
import { type SentenceScorer, questionMatch } from './relevance.js';

/**
 * Questions to offer as a member types (Discord's autocomplete): the article's anticipated questions in the
 * member's language, ranked by the same matching the engine answers with, so a suggestion is a question the
 * bot answers. Before anything is typed, a spread over the article: the first questions about each paragraph.
 */

/** Discord shows at most 25 choices of at most 100 characters. */
export const MAX_SUGGESTIONS = 25;
export const MAX_SUGGESTION_CHARS = 100;

export class QuestionSuggester {
  private readonly byLanguage = new Map<Language, { q: string; folded: string; features: Map<string, number> }[]>();
  private readonly opening = new Map<Language, string[]>();

  constructor(
    anticipated: readonly AnticipatedQuestion[],
    private readonly scorer: SentenceScorer,
  ) {
    for (const question of anticipated) {
      if (question.q.length > MAX_SUGGESTION_CHARS) continue;
      const list = this.byLanguage.get(question.lang) ?? [];
      list.push({ q: question.q, folded: fold(question.q), features: scorer.features(question.q) });
      this.byLanguage.set(question.lang, list);
    }
    for (const [lang, list] of this.byLanguage) {
      // One question per paragraph in turn, the formal ones first (they end with a question mark).
      const byParagraph = new Map<string, string[]>();
      for (const question of anticipated.filter((q) => q.lang === lang && q.q.endsWith('?') && q.q.length <= MAX_SUGGESTION_CHARS)) {
        const key = question.answers[0]!.passageId;
        byParagraph.set(key, [...(byParagraph.get(key) ?? []), question.q]);
      }
      const rounds: string[] = [];
      for (let i = 0; rounds.length < MAX_SUGGESTIONS && i < list.length; i += 1) {
        const round = [...byParagraph.values()].map((qs) => qs[i]).filter((q): q is string => q !== undefined);
        if (round.length === 0) break;
        rounds.push(...round);
      }
      this.opening.set(lang, rounds.slice(0, MAX_SUGGESTIONS));
    }
  }

  suggest(typed: string, language: Language, limit = MAX_SUGGESTIONS): string[] {
    const text = typed.trim();
    if (!text) return (this.opening.get(language) ?? []).slice(0, limit);
    const folded = fold(text);
    const features = this.scorer.features(text);
    const ranked = (this.byLanguage.get(language) ?? [])
      .map((c) => ({ q: c.q, score: questionMatch(features, c.features) + (c.folded.startsWith(folded) ? 1 : c.folded.includes(folded) ? 0.5 : 0) }))
      .filter((c) => c.score > 0)
      .sort((a, b) => b.score - a.score);
    const seen = new Set<string>();
    const out: string[] = [];
    for (const { q } of ranked) {
      const key = fold(q).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(q);
      if (out.length === Math.min(limit, MAX_SUGGESTIONS)) break;
    }
    return out;
  }
}
