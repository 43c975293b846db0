import type { Language, Passage } from '../corpus/article.js';
import type { UnitHit } from '../retrieval/retriever.js';
import { type AnswerType, KNOWLEDGE } from '../text/language-data.js';
import { fold } from '../text/normalize.js';
import { splitSentences } from '../text/sentences.js';
import { words } from '../text/tokens.js';
import { type TypeContext, answerSpan, countsTime, refersByKind, satisfies } from './answer-types.js';
import { answerLead, quoted, quoteIntro, uncertainText } from './messages.js';
import { type AnalysedQuestion, type ArticleLexicon, analyseQuestion, isRequired, wordsOfNames } from './question.js';
import { CONFIDENCE, type SentenceScorer, lexicalMatch, questionMatch, unknownWeight } from './relevance.js';
import type { Citation, RefusalReason } from './types.js';

export interface PassageRenderings {
  /** The passage in `lang`, or the original when there is no rendering in that language. */
  get(passageId: string, lang: Language): Passage;
  original(passageId: string): Passage;
}

export interface ExtractiveInput {
  question: AnalysedQuestion;
  /** What was searched: the normalised question, with the previous one for a follow-up. */
  searchText: string;
  units: readonly UnitHit[];
  renderings: PassageRenderings;
  /** A request for the gist: the best match is quoted however weak. */
  summary?: boolean;
}

export type Draft =
  /** `lead`: the short answer the text opens with (a year, names), when there is one. */
  | { refused: false; answer: string; citations: Citation[]; lead?: string[] }
  | { refused: true; reason: RefusalReason; answer?: string; citations?: Citation[] };

/** How the answer is chosen; measured on the tuning set (see CONFIDENCE in relevance.ts). */
const TUNING = {
  /** Weight of the lexical match of a unit against the embedder's own similarity. */
  lexicalWeight: 0.7,
  /** Bonus share of the paragraph's whole match added to each of its sentences. */
  paragraphBonus: 0.1,
  /** Penalty for a sentence that lacks the kind of answer the question prefers (a required kind filters instead). */
  wrongTypeFactor: 0.6,
  /** Penalty for a sentence whose paragraph does not name everything the question names. */
  otherSubjectFactor: 0.75,
  /** Penalty for an anticipated question that asks for another kind of answer than the member's. */
  otherIntentFactor: 0.6,
  /** A further sentence is quoted when it scores at least this share of the best one. */
  companionShare: 0.8,
  /** A sentence answering a second part of the question ("when and by whom") needs this share of the best. */
  secondPartShare: 0.45,
  /** Below this, a unit's score is too low to matter and is not refined further. */
  negligibleMatch: 0.1,
  maxSentences: 3,
  /** A paragraph of at most this many sentences is quoted whole: one sentence alone loses what it answers with. */
  wholeParagraphSentences: 3,
  maxPassages: 2,
};

interface Candidate {
  key: string;
  passageId: string;
  index: number;
  score: number;
  typed: boolean;
  /** Its paragraph names every name of the article the question names. */
  about: boolean;
  /** The sentence as quoted (with the one it refers back to) and its language, to type it. */
  text: string;
  lang: Language;
  /** Sentences quoted with it: those an anticipated question points to together. */
  group: string[];
}

/** What an anticipated question asks for: the kind of answer, and the article's names it is about. */
export interface QuestionIntent {
  type: AnswerType | undefined;
  names: string[];
}

function parseKey(key: string): { passageId: string; index: number } {
  const at = key.lastIndexOf('#');
  return { passageId: key.slice(0, at), index: Number(key.slice(at + 1)) };
}

/**
 * The answerer that needs no language model: it quotes the article's sentences that the question's matches
 * point to (its own words, or an anticipated question's), preferring those that hold the kind of answer asked
 * for, each with its [n] marker. Every word after the short lead is the article's (or its marked translation).
 */
export class ExtractiveAnswerer {
  private readonly features = new Map<string, Map<string, number>>();
  private readonly sentences = new Map<Passage, string[]>();
  /** Whether each sentence calls its subject by its kind: asked of every candidate of every answer. */
  private readonly byKind = new Map<string, boolean>();
  /** What each anticipated question asks for (kind of answer) and about (the article's names), by its text. */
  private readonly anticipatedIntent: Map<string, QuestionIntent>;

  /** `intents`: those analysed before (see `intentsOf`), saved with the article's derived data. */
  constructor(
    private readonly scorer: SentenceScorer,
    private readonly lexicon: ArticleLexicon,
    intents: ReadonlyMap<string, QuestionIntent> = new Map(),
  ) {
    this.anticipatedIntent = new Map(intents);
  }

  /** What an anticipated question asks for, analysed the first time a member's question meets it (start-up stays short). */
  private intentOf(text: string, lang: Language): QuestionIntent {
    let intent = this.anticipatedIntent.get(text);
    if (!intent) {
      const analysed = analyseQuestion(text, this.lexicon, { defaultLanguage: lang, languageHint: lang });
      intent = { type: analysed.answerTypes[0], names: analysed.names };
      this.anticipatedIntent.set(text, intent);
    }
    return intent;
  }

  /** What each of these questions asks for: worked out at once, to be saved and handed to the next start. */
  intentsOf(questions: readonly { q: string; lang: Language }[]): Map<string, QuestionIntent> {
    return new Map(questions.map(({ q, lang }) => [q, this.intentOf(q, lang)]));
  }

  private featuresOf(text: string): Map<string, number> {
    let found = this.features.get(text);
    if (!found) {
      found = this.scorer.features(text);
      this.features.set(text, found);
    }
    return found;
  }

  /**
   * Where the quote of a sentence starts: the sentence before it when it refers back ("At that time…"). For "who",
   * also when it calls its subject by its kind ("the firm integrated…"): the name is there. Not for other kinds of
   * answer, whose dates and counts there are of something else.
   */
  private runStart(passage: Passage, index: number, type: AnswerType | undefined): number {
    if (index === 0) return index;
    const sentence = this.sentencesOf(passage)[index] ?? '';
    if (KNOWLEDGE[passage.lang].backReferences.opens(fold(sentence))) return index - 1;
    if (type !== 'person') return index;
    let refers = this.byKind.get(sentence);
    if (refers === undefined) {
      refers = refersByKind(sentence, passage.lang, (w) => this.lexicon.properNames.has(w));
      this.byKind.set(sentence, refers);
    }
    return refers ? index - 1 : index;
  }

  private sentencesOf(passage: Passage): string[] {
    let found = this.sentences.get(passage);
    if (!found) {
      found = splitSentences(passage.text);
      this.sentences.set(passage, found);
    }
    return found;
  }

  answer(input: ExtractiveInput): Draft {
    const { question, renderings } = input;
    const language = question.language;
    const type = question.answerTypes[0];
    const queryFeatures = this.featuresOf(input.searchText);
    const context = typeContext(question, this.lexicon);

    // Each sentence takes the best score of the units pointing at it: itself, its paragraph, an anticipated question.
    const bySentence = new Map<string, { score: number; group: string[]; vouched: boolean }>();
    const byParagraph = new Map<string, number>();
    // The closest of the questions the article is known not to answer.
    let unanswered = 0;
    for (const unit of input.units) {
      const asked = unit.kind === 'anticipated' || unit.kind === 'unanswered';
      // A question is compared with a question both ways: one that asks for more than the member did is another question.
      const match = asked ? questionMatch(queryFeatures, this.featuresOf(unit.text)) : lexicalMatch(queryFeatures, this.featuresOf(unit.text));
      let score = TUNING.lexicalWeight * match + (1 - TUNING.lexicalWeight) * unit.score;
      if (unit.kind === 'paragraph') {
        byParagraph.set(unit.passageId, Math.max(byParagraph.get(unit.passageId) ?? 0, score));
        continue;
      }
      // An anticipated question this far from the member's cannot be the answer; its penalties would only lower it.
      // An anticipated question that asks for the same kind of answer vouches that its sentences hold it.
      let vouched = false;
      if (asked && score >= TUNING.negligibleMatch) {
        const intent = this.intentOf(unit.text, unit.lang as Language);
        vouched = unit.kind === 'anticipated' && type !== undefined && intent.type === type;
        const wants = intent.type;
        if (question.answerTypes.length > 0 && (wants === undefined || !question.answerTypes.includes(wants))) score *= TUNING.otherIntentFactor;
        // "Acme" asked, "Acme Labs" anticipated: each names something the other does not.
        if (conflicting(question.names, intent.names)) score *= TUNING.otherSubjectFactor;
      }
      // Capped like the sentences' scores: matched as closely as something the article answers, it answers.
      if (unit.kind === 'unanswered') unanswered = Math.max(unanswered, Math.min(1, score));
      for (const key of unit.sentences) {
        const seen = bySentence.get(key);
        if (!seen || score > seen.score) bySentence.set(key, { score, group: unit.sentences, vouched });
      }
    }

    // What the question is about: the article's own proper names. A word only a translation capitalises ("Chinese")
    // is no subject a paragraph must name ("in China" answers "Chinese start-ups").
    const subjects = question.names.filter((name) => name.split(' ').every((w) => this.lexicon.properNames.has(w)));
    const candidates: Candidate[] = [];
    for (const [key, { score, group, vouched }] of bySentence) {
      const { passageId, index } = parseKey(key);
      const passage = renderings.get(passageId, language);
      const unit = this.sentencesOf(passage).slice(this.runStart(passage, index, type), index + 1).join(' ');
      const about = subjects.every((name) => this.names(passageId, name, renderings));
      // What someone said, like a date or a name, only answers when it is about what the question names.
      // A preferred kind ("what is", "why") the words may not show is vouched for by the anticipated question; a
      // required one (a year, a count, a name) must be in the sentence.
      const shown = satisfies(type ?? 'reason', unit, passage.lang, context) || (vouched && !isRequired(type));
      const typed = type === undefined || (shown && (!(isRequired(type) || type === 'statement') || about));
      const matched = Math.min(1, score + TUNING.paragraphBonus * (byParagraph.get(passageId) ?? 0));
      const total = matched * (typed ? 1 : TUNING.wrongTypeFactor) * (about ? 1 : TUNING.otherSubjectFactor);
      candidates.push({ key, passageId, index, score: total, typed, about, text: unit, lang: passage.lang, group });
    }
    candidates.sort((a, b) => b.score - a.score);
    const best = candidates[0];
    if (!best || (!best.typed && isRequired(type))) return { refused: true, reason: 'not_in_article' };
    // The member asks what the article is known not to say more closely than anything it does say.
    if (!input.summary && unanswered > best.score) return { refused: true, reason: 'not_in_article' };

    const chosen = choose(best, candidates, question, context);
    const scores = new Map<string, number>();
    for (const c of candidates) scores.set(c.passageId, Math.max(scores.get(c.passageId) ?? 0, c.score));
    const citations = this.cite(chosen, type, language, renderings, scores);
    const unknown = unknownWeight(question, this.scorer);
    // Much of the question is about something the article never mentions: the nearest quote would mislead.
    // With a subject named, what is asked of it decides ("the salary of X"); without one, the whole question.
    const unknownAsked = question.names.length > 0 ? unknownWeight(question, this.scorer, true) >= CONFIDENCE.maxUnknownAskedWeight : unknown >= CONFIDENCE.maxUnknownWeight;
    if (!input.summary && unknownAsked) return { refused: true, reason: 'not_in_article' };
    const confidence = input.summary ? 1 : best.score * (1 - unknown);
    if (confidence < CONFIDENCE.unsure) return { refused: true, reason: 'not_in_article' };
    const translated = citations.some((c) => c.translated);
    const quotes = citations.map((c) => `${quoted(c.quote, language)} [${c.n}]`).join(' ');
    if (confidence < (question.names.length > 0 ? CONFIDENCE.answer : CONFIDENCE.answerNameless)) {
      // The closest sentence, offered as such: a reader can judge it, and nothing is claimed.
      const closest = { ...citations[0]!, n: 1 };
      return { refused: true, reason: 'uncertain', answer: uncertainText(language, `${quoted(closest.quote, language)} [1]`), citations: [closest] };
    }
    // The lead comes from the best sentence alone: a companion's year or name answers nothing asked.
    const span = answerSpan(type, best.text, best.lang, context);
    return { refused: false, answer: `${answerLead(span)}${quoteIntro(language, translated)} ${quotes}`, citations, lead: span };
  }

  /**
   * One citation per passage, quoting the contiguous run of its chosen sentences (and what they refer back to);
   * a short paragraph is quoted whole, so that the sentences around the answer come with it.
   */
  private cite(keys: readonly string[], type: AnswerType | undefined, language: Language, renderings: PassageRenderings, scores: ReadonlyMap<string, number>): Citation[] {
    const runs = new Map<string, { first: number; last: number }>();
    for (const key of keys) {
      const { passageId, index } = parseKey(key);
      const passage = renderings.get(passageId, language);
      const count = this.sentencesOf(passage).length;
      if (count <= TUNING.wholeParagraphSentences) {
        runs.set(passageId, { first: 0, last: count - 1 });
        continue;
      }
      const first = this.runStart(passage, index, type);
      const run = runs.get(passageId);
      runs.set(passageId, run ? { first: Math.min(run.first, first), last: Math.max(run.last, index) } : { first, last: index });
    }
    return [...runs].map(([passageId, { first, last }], i) => {
      const passage = renderings.get(passageId, language);
      const citation: Citation = {
        n: i + 1,
        passageId,
        label: passage.label,
        quote: this.sentencesOf(passage).slice(first, last + 1).join(' '),
        lang: passage.lang,
        translated: passage.translated,
        score: Math.round((scores.get(passageId) ?? 0) * 1000) / 1000,
      };
      // The translation keeps the original's sentences one for one, so the same indices give the original words.
      if (passage.translated) citation.original = this.sentencesOf(renderings.original(passageId)).slice(first, last + 1).join(' ');
      return citation;
    });
  }

  private readonly paragraphWords = new Map<string, string>();

  /** Does the paragraph (in any rendering) name this name of the article? */
  private names(passageId: string, name: string, renderings: PassageRenderings): boolean {
    let text = this.paragraphWords.get(passageId);
    if (text === undefined) {
      const original = renderings.original(passageId);
      const other = renderings.get(passageId, original.lang === 'fr' ? 'en' : 'fr');
      text = ` ${words(original.text).join(' ')} | ${words(other.text).join(' ')} `;
      this.paragraphWords.set(passageId, text);
    }
    return text.includes(` ${name} `);
  }
}

/** The best sentence, the sentences quoted with it, and those answering the question's other parts. */
function choose(best: Candidate, candidates: readonly Candidate[], question: AnalysedQuestion, context: TypeContext): string[] {
  const chosen = new Set<string>(best.group);
  chosen.add(best.key);
  const passages = () => new Set([...chosen].map((k) => parseKey(k).passageId));
  const fits = (candidate: Candidate) => chosen.size < TUNING.maxSentences && (passages().has(candidate.passageId) || passages().size < TUNING.maxPassages);
  // A second year, count or name would be a second answer to "when", "how many" or "who": only the best one stands.
  const companions = !isRequired(question.answerTypes[0]);
  for (const candidate of companions ? candidates : []) {
    if (chosen.has(candidate.key) || !fits(candidate)) continue;
    if (candidate.typed === best.typed && candidate.score >= best.score * TUNING.companionShare) chosen.add(candidate.key);
  }
  // "Fondée quand et par qui ?": each further kind of answer asked for gets its sentence, if one is close enough.
  const answers = (c: Candidate, type: AnswerType) => satisfies(type, c.text, c.lang, context) && (!isRequired(type) || c.about);
  for (const type of question.answerTypes.slice(1)) {
    const byKey = new Map(candidates.map((c) => [c.key, c]));
    if ([...chosen].some((key) => byKey.has(key) && answers(byKey.get(key)!, type))) continue;
    const answer = candidates.find((c) => !chosen.has(c.key) && fits(c) && c.score >= best.score * TUNING.secondPartShare && answers(c, type));
    if (answer) chosen.add(answer.key);
  }
  return [...chosen];
}

function conflicting(asked: readonly string[], anticipated: readonly string[]): boolean {
  return asked.some((n) => !anticipated.includes(n)) && anticipated.some((n) => !asked.includes(n));
}


export function typeContext(question: AnalysedQuestion, lexicon: ArticleLexicon): TypeContext {
  const nameWords = wordsOfNames(question.names);
  const questionWords = new Set([...words(question.normalized), ...nameWords]);
  return {
    questionWords,
    counted: question.counted,
    duration: countsTime(question.counted),
    language: question.language,
    properNames: lexicon.properNames,
    sharedNameWords: lexicon.sharedNameWords,
    asksIdentity: question.names.length > 0 && question.terms.every((t) => nameWords.has(t.word)),
    subjects: question.names,
    asksSpeaker: question.answerTypes.includes('statement'),
    namesWanted: question.namesWanted,
    precise: question.precise,
  };
}
