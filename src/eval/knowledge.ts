import { type AnticipatedQuestion, type Article, type SentenceRef, type UnansweredQuestion, normalizeForId } from '../corpus/article.js';
import { fold } from '../text/normalize.js';
import { splitSentences } from '../text/sentences.js';
import type { EvalQuestion } from './questions.js';

/** Sentences an answerable question points at, at most: its facts rarely spread further. */
const MAX_SENTENCES = 2;

/**
 * Evaluation questions made into the article's knowledge. Members' own wording, each question with the answer
 * it needs, is what the anticipated questions are for: an answerable question becomes one, pointing at the
 * sentences of its gold paragraph that hold its facts; an unanswerable one joins the questions the article does
 * not answer. Off-topic questions and injections teach nothing about the article and are left out. A set used
 * this way is no longer blind: it has become part of what the bot knows.
 */
export interface EvalKnowledge {
  anticipated: AnticipatedQuestion[];
  unanswered: UnansweredQuestion[];
  /** Questions already known (the article's or an earlier one of the sets), left out. */
  known: number;
  /** Ids of answerable questions no sentence of whose gold paragraphs holds a fact: left out. */
  unplaced: string[];
}

export function knowledgeFromEval(article: Article, questions: readonly EvalQuestion[]): EvalKnowledge {
  const seen = new Set([...article.anticipated, ...article.unanswered].map(questionKey));
  const out: EvalKnowledge = { anticipated: [], unanswered: [], known: 0, unplaced: [] };
  for (const question of questions) {
    if (question.category !== 'answerable' && question.category !== 'unanswerable') continue;
    const key = questionKey(question);
    if (seen.has(key)) {
      out.known += 1;
      continue;
    }
    if (question.category === 'unanswerable') {
      out.unanswered.push({ lang: question.lang, q: normalizeForId(question.q) });
    } else {
      const answers = sentencesHoldingFacts(article, question);
      if (answers.length === 0) {
        out.unplaced.push(question.id);
        continue;
      }
      out.anticipated.push({ lang: question.lang, q: normalizeForId(question.q), answers });
    }
    seen.add(key);
  }
  return out;
}

/**
 * The sentences of the first gold paragraph that hold the question's facts, in the question's language: those
 * holding every fact, or else those holding any (a year in one sentence, a name in the next). A translation
 * keeps the original's sentences one for one, so its indices point at the original's sentences too.
 */
export function sentencesHoldingFacts(article: Article, question: EvalQuestion): SentenceRef[] {
  const facts = (question.facts ?? []).map((spellings) => spellings.map(fold));
  for (const passageId of question.gold ?? []) {
    const passage = article.passages.find((p) => p.id === passageId && p.lang === question.lang) ?? article.passages.find((p) => p.id === passageId && !p.translated);
    if (!passage) continue;
    const sentences = splitSentences(passage.text).map(fold);
    const holds = (sentence: string, fact: string[]) => fact.some((spelling) => sentence.includes(spelling));
    const all = sentences.flatMap((s, i) => (facts.every((fact) => holds(s, fact)) ? [i] : []));
    const any = sentences.flatMap((s, i) => (facts.some((fact) => holds(s, fact)) ? [i] : []));
    const chosen = (all.length > 0 ? all : any).slice(0, MAX_SENTENCES);
    if (chosen.length > 0) return chosen.map((sentence) => ({ passageId, sentence }));
  }
  return [];
}

/** Two questions are the same when their letters and digits are, whatever their case, accents and punctuation. */
export function questionKey(question: { lang: string; q: string }): string {
  return `${question.lang}:${fold(question.q).replace(/[^\p{L}\p{N}]+/gu, ' ').trim()}`;
}
