import type { Language, Passage } from '../corpus/article.js';
import { splitSentences } from '../text/sentences.js';
import type { PassageHit } from '../retrieval/retriever.js';
import { quoted, quoteIntro } from './messages.js';
import { type AnswerType, isRequired, namesIn, satisfiesAnswerType } from './question.js';
import { terms } from '../text/tokens.js';
import { type SentenceScorer, queryCoverage, sparseCosine } from './relevance.js';
import type { Citation } from './types.js';

export interface PassageRenderings {
  /** The passage in `lang`, or the original when there is no rendering in that language. */
  get(passageId: string, lang: Language): Passage;
  original(passageId: string): Passage;
}

export interface ExtractiveInput {
  question: string;
  language: Language;
  answerType: AnswerType;
  hits: readonly PassageHit[];
  renderings: PassageRenderings;
}

export type Draft =
  | { refused: false; answer: string; citations: Citation[] }
  | { refused: true; reason: 'not_in_article' };

/** How the answer is chosen; tuned on data/eval. */
const TUNING = {
  maxPassages: 3,
  /** Passages scoring under this share of the best one are not quoted. */
  minRelativeScore: 0.5,
  /** Within a sentence's match: how much of the question it covers, against cosine (which favours short sentences). */
  coverageWeight: 0.65,
  /** Weight of the sentence's own match against its passage's retrieval score. */
  sentenceWeight: 0.7,
  /** Penalty for a sentence that lacks the kind of answer the question asks for. */
  wrongTypeFactor: 0.35,
  /** A second passage is quoted when its best sentence scores at least this share of the first. */
  secondQuoteShare: 0.8,
};

// Openings that point back at the previous sentence; such a sentence is quoted with the one before it.
const ANAPHORA = /^(?:À cette époque|At that time|Toujours d’après|Still according to|Quoi qu’il en soit|Either way|Pour poursuivre|Continuing)/;

interface Candidate {
  hit: PassageHit;
  passage: Passage;
  sentences: string[];
  /** The quoted run of sentences, first and last index included. */
  first: number;
  last: number;
  score: number;
  typed: boolean;
}

/** What the answerer needs of a passage, worked out once: passages never change while the engine runs. */
interface PreparedPassage {
  sentences: string[];
  features: Map<string, number>[];
  /** Stems of the passage and of its original, to check it names what a question names. */
  stems: Set<string>;
}

const prepared = new WeakMap<Passage, PreparedPassage>();

function prepare(passage: Passage, renderings: PassageRenderings, scorer: SentenceScorer): PreparedPassage {
  let ready = prepared.get(passage);
  if (!ready) {
    const sentences = splitSentences(passage.text);
    const stems = new Set(terms(`${passage.text}\n${renderings.original(passage.id).text}`).map((t) => t.stem));
    ready = { sentences, features: sentences.map((s) => scorer.features(s)), stems };
    prepared.set(passage, ready);
  }
  return ready;
}

/**
 * The answerer that needs no language model: it quotes the sentences of the retrieved passages that best
 * match the question, each with its [n] marker. Every word of the answer after its short introduction is
 * the article's (or, marked as such, its translation's).
 */
export function extractiveAnswer(input: ExtractiveInput, scorer: SentenceScorer): Draft {
  const top = input.hits[0]?.score ?? 0;
  const questionFeatures = scorer.features(input.question);
  const candidates: Candidate[] = [];
  // A definition is often not where the subject's name is most frequent, so every retrieved passage competes.
  const pool = input.answerType === 'definition' ? input.hits : input.hits.filter((h) => h.score >= top * TUNING.minRelativeScore).slice(0, TUNING.maxPassages);
  const names = namesIn(input.question);
  for (const hit of pool) {
    const passage = input.renderings.get(hit.passageId, input.language);
    const { sentences, features: sentenceFeatures, stems } = prepare(passage, input.renderings, scorer);
    // A date or a count about something else ("In 2016, Alibaba Cloud…" for "When was Cloud Foundry created?")
    // is no answer: a required type only counts in a paragraph that names what the question names.
    const aboutTheNames = names.every((name) => name.every((stem) => stems.has(stem)));
    sentences.forEach((sentence, index) => {
      // A sentence that points back ("At that time…") is read, typed and quoted with the one before it.
      const first = ANAPHORA.test(sentence) && index > 0 ? index - 1 : index;
      const unit = sentences.slice(first, index + 1).join(' ');
      const typed = satisfiesAnswerType(input.answerType, unit, input.question) && (!isRequired(input.answerType) || aboutTheNames);
      const features = sentenceFeatures[index]!;
      // Coverage favours the sentence that answers all of the question, cosine the one that is about nothing else.
      const match = TUNING.coverageWeight * queryCoverage(questionFeatures, features) + (1 - TUNING.coverageWeight) * sparseCosine(questionFeatures, features);
      const score = (TUNING.sentenceWeight * match + (1 - TUNING.sentenceWeight) * (hit.score / top)) * (typed ? 1 : TUNING.wrongTypeFactor);
      candidates.push({ hit, passage, sentences, first, last: index, score, typed });
    });
  }
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0];
  if (!best || (!best.typed && isRequired(input.answerType))) return { refused: true, reason: 'not_in_article' };

  const chosen = [best];
  const second = candidates.find((c) => c.hit.passageId !== best.hit.passageId);
  if (second && second.typed === best.typed && second.score >= best.score * TUNING.secondQuoteShare) chosen.push(second);

  const citations = chosen.map((c, i) => cite(c, i + 1, input.renderings));
  const translated = citations.some((c) => c.translated);
  const quotes = citations.map((c) => `${quoted(c.quote, input.language)} [${c.n}]`);
  return { refused: false, answer: `${quoteIntro(input.language, translated)} ${quotes.join(' ')}`, citations };
}

function cite(candidate: Candidate, n: number, renderings: PassageRenderings): Citation {
  const { passage, sentences, first, last, hit } = candidate;
  // A contiguous run, so the quote stays a verbatim slice of the passage.
  const citation: Citation = {
    n,
    passageId: passage.id,
    label: passage.label,
    quote: sentences.slice(first, last + 1).join(' '),
    lang: passage.lang,
    translated: passage.translated,
    score: round(hit.score),
  };
  if (passage.translated) {
    // The translation keeps the original's sentences one for one, so the same indices give the original words.
    citation.original = splitSentences(renderings.original(passage.id).text).slice(first, last + 1).join(' ');
  }
  return citation;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
