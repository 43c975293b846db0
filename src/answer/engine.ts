import type { EngineConfig } from '../config/env.js';
import { type Article, type Language, type Passage, loadArticle } from '../corpus/article.js';
import { LexicalEmbeddings } from '../embeddings/lexical.js';
import type { Logger } from '../log.js';
import { type Embedder, createEmbedder } from '../retrieval/embedders.js';
import { type OpenedIndex, openIndex, preloadIndex } from '../retrieval/index-store.js';
import { type PassageHit, PassageRetriever } from '../retrieval/retriever.js';
import { MAX_QUESTION_CHARS, cleanText } from '../text/normalize.js';
import { words } from '../text/tokens.js';
import { type Answerer, extractiveAnswerer, modelAnswerer, withFallback } from './answerer.js';
import { derivedKey, readDerived, saveDerived } from './derived-cache.js';
import { ExtractiveAnswerer, type PassageRenderings } from './extractive.js';
import { looksLikeInjection, withoutMentions } from './guards.js';
import { answerLead, nearestPassageText, refusalText } from './messages.js';
import { type AnalysedQuestion, ArticleLexicon, analyseQuestion, conversationLanguage, leansOnPrevious, namesOnly, questionParts, resolveFollowUp, wordsOfNames } from './question.js';
import { RETRIEVAL_FLOOR, isOffTopic, unknownShare } from './relevance.js';
import { QuestionSuggester } from './suggestions.js';
import type { AnswerResult, AskOptions, Citation, RefusalReason } from './types.js';

/** Passages retrieved per question; the extractive answerer reads every unit found for them. */
const RETRIEVAL_POOL = 8;
/** More than this share of a question's content words unknown to the article: it asks about something else. */
const MAX_UNKNOWN_SHARE = 0.5;

export interface EngineInfo {
  article: string;
  /** Where the article comes from, as its manifest says. */
  source: string;
  /** The language the article was written in (its translations aside). */
  language: Language;
  passages: number;
  paragraphs: number;
  dimensions: number;
  embedder: string;
  answerer: string;
  indexRebuiltBecause?: string;
  indexMs: number;
}

/**
 * Question in, grounded answer out. Knows nothing of Discord or the terminal: every front end calls `ask`
 * and renders the same AnswerResult.
 */
export class Engine {
  private retriever!: PassageRetriever;
  private indexInfo!: { dimensions: number; rebuiltBecause?: string; ms: number };
  private readonly renderings: PassageRenderings;
  private suggester?: QuestionSuggester;
  private readonly titleWords: ReadonlySet<string>;
  /** Distinct paragraphs (a paragraph and its translation are one). */
  private readonly paragraphs: number;

  private constructor(
    private readonly config: EngineConfig,
    private readonly article: Article,
    private readonly embedder: Embedder,
    private readonly lexicon: ArticleLexicon,
    private readonly answerer: Answerer,
    private readonly scorer: LexicalEmbeddings,
    private readonly extractive: ExtractiveAnswerer,
    /** The key of the data derived from the article: a rebuilt index saves it beside it. */
    private readonly derivedKey: string,
    private readonly logger: Logger,
  ) {
    this.renderings = renderingsOf(article);
    this.titleWords = new Set(article.titles.flatMap(words));
    this.paragraphs = new Set(article.passages.map((p) => p.id)).size;
  }

  static async create(config: EngineConfig, logger: Logger): Promise<Engine> {
    // Begun first: the saved index is read and checked on the thread pool while the article and its derived data load.
    const preloaded = preloadIndex(config.indexDir);
    const article = await loadArticle(config.dataDir);
    const key = derivedKey(article);
    // Sentences are always scored lexically, whichever embedder finds them.
    const { lexical, lexicon, intents, cached } = await readDerived(article, config.indexDir, key);
    const embedder = await createEmbedder(config, lexical);
    const quoting = new ExtractiveAnswerer(lexical, lexicon, intents);
    const extractive = extractiveAnswerer(quoting);
    let answerer = extractive;
    if (config.answerer === 'llm') {
      // Imported only when configured: its prompts and parsers are LangChain modules the default never needs.
      const { createLlmAnswerer } = await import('./llm.js');
      const llm = modelAnswerer(await createLlmAnswerer(config, lexical), `llm:${config.openai.chatModel}`, config.retrievalK);
      answerer = withFallback(llm, extractive, logger);
    }
    const engine = new Engine(config, article, embedder, lexicon, answerer, lexical, quoting, key, logger);
    await engine.useIndex(await openIndex({ dir: config.indexDir, article, embedder, logger, preloaded }));
    // A rebuilt index saved them already; a kept one whose data was worked out again gets it now.
    if (!cached && !engine.indexInfo.rebuiltBecause) await engine.saveDerived();
    return engine;
  }

  /** Rebuilds the index from the article and saves it (the moderators' /kb reindex, npm run ingest). */
  async reindex(): Promise<EngineInfo> {
    return this.useIndex(await openIndex({ dir: this.config.indexDir, article: this.article, embedder: this.embedder, logger: this.logger, forceRebuild: true }));
  }

  /** Searches `opened` from now on. */
  private async useIndex(opened: OpenedIndex): Promise<EngineInfo> {
    if (opened.rebuiltBecause) await this.saveDerived();
    this.retriever = new PassageRetriever(opened.store, this.embedder.embeddings, this.config.retrievalK, this.paragraphs);
    this.indexInfo = { dimensions: opened.store.dimensions, rebuiltBecause: opened.rebuiltBecause, ms: opened.ms };
    return this.info();
  }

  /** Best effort: a read-only disk costs the work again at the next start, nothing else. */
  private async saveDerived(): Promise<void> {
    // Every question's intent worked out now (stemming their words too), so that the next start has them all.
    const intents = this.extractive.intentsOf([...this.article.anticipated, ...this.article.unanswered]);
    await saveDerived(this.config.indexDir, this.derivedKey, { lexical: this.scorer, lexicon: this.lexicon, intents }).catch((error: Error) =>
      this.logger.warn({ indexDir: this.config.indexDir, err: error.message }, 'could not save the data derived from the article; it will be worked out again next time'),
    );
  }

  /** Questions the article answers that resemble what a member has typed so far, in their language. */
  suggest(typed: string, language: Language, limit?: number): string[] {
    // Built on first use: the command line never pays for it.
    this.suggester ??= new QuestionSuggester(this.article.anticipated, this.scorer);
    return this.suggester.suggest(cleanText(String(typed ?? '')), language, limit);
  }

  info(): EngineInfo {
    return {
      article: this.article.title,
      source: this.article.source,
      language: this.article.language,
      passages: this.article.passages.length,
      paragraphs: this.paragraphs,
      dimensions: this.indexInfo.dimensions,
      embedder: this.embedder.identity,
      answerer: this.answererName,
      indexRebuiltBecause: this.indexInfo.rebuiltBecause,
      indexMs: Math.round(this.indexInfo.ms),
    };
  }

  private get answererName(): string {
    return this.answerer.name;
  }

  /** True when answers arrive token by token through `onPartial` (a language model is configured). */
  get streams(): boolean {
    return this.answerer.streams;
  }

  /**
   * A whole cited passage, for front ends that show full sources: the rendering in `lang` and, when that is a
   * translation, the article's own passage beside it.
   */
  source(passageId: string, lang: Language): { passage: Passage; original?: Passage } | undefined {
    if (!this.article.passages.some((p) => p.id === passageId)) return undefined;
    const passage = this.renderings.get(passageId, lang);
    return passage.translated ? { passage, original: this.renderings.original(passageId) } : { passage };
  }

  /** The question as the engine reads it: for evaluation, diagnostics and tests. */
  analyse(rawQuestion: string, options: Pick<AskOptions, 'history' | 'languageHint'> = {}): AnalysedQuestion {
    const text = withoutMentions(cleanText(String(rawQuestion ?? '')));
    const languageHint = conversationLanguage(options.history, this.config.defaultLanguage) ?? options.languageHint;
    return analyseQuestion(text, this.lexicon, { languageHint, defaultLanguage: this.config.defaultLanguage });
  }

  /** Retrieval alone, ranked by passage: for evaluation and diagnostics. */
  async search(question: string, k = this.config.retrievalK) {
    return (await this.retriever.retrieve(this.analyse(question).normalized, k)).hits;
  }

  async ask(rawQuestion: string, options: AskOptions = {}): Promise<AnswerResult> {
    const started = performance.now();
    const raw = cleanText(String(rawQuestion ?? ''));
    const question = this.analyse(raw, options);
    const language = question.language;
    const timings = { embedMs: 0, searchMs: 0, answerMs: 0, totalMs: 0 };
    const result = (draft: { answer: string; citations?: Citation[]; refusalReason?: RefusalReason; notice?: string; answerer?: string }): AnswerResult => {
      timings.totalMs = round(performance.now() - started);
      const out: AnswerResult = {
        question: raw,
        language,
        answer: draft.answer,
        refused: draft.refusalReason !== undefined,
        citations: draft.citations ?? [],
        timings,
        answerer: draft.answerer ?? this.answererName,
        embedder: this.embedder.identity,
      };
      if (draft.refusalReason) out.refusalReason = draft.refusalReason;
      if (draft.notice) out.notice = draft.notice;
      return out;
    };
    const refuse = (reason: RefusalReason, nearest?: PassageHit, extra: { notice?: string; answerer?: string } = {}) => {
      let answer = refusalText(reason, language, { title: this.article.title, length: raw.length, max: MAX_QUESTION_CHARS });
      // When the article is silent, the passage that comes closest tells the reader where to look instead.
      if (nearest && (reason === 'not_in_article' || reason === 'no_valid_citation')) {
        answer += ` ${nearestPassageText(language, this.renderings.get(nearest.passageId, language).label)}`;
      }
      return result({ answer, refusalReason: reason, notice: extra.notice, answerer: extra.answerer });
    };

    if (!question.text) return refuse('empty');
    if (raw.length > MAX_QUESTION_CHARS) return refuse('too_long');
    if (looksLikeInjection(raw)) return refuse('injection');

    const whole = await this.answerOne(question, options, timings);
    // Without a model, a message asking several things is also answered part by part: the parts' answers stand
    // when each part is answered and they quote a paragraph the whole question's answer does not.
    const parts = this.config.answerer === 'llm' ? [] : questionParts(question.text);
    if (parts.length > 1) {
      const outcomes: Outcome[] = [];
      for (const [i, part] of parts.entries()) {
        // A later part that leans on the earlier ones ("…and who is its CTO?") is their follow-up; one that names its subject stands alone.
        const history = [...(options.history ?? []), ...(leansOnPrevious(part) ? parts.slice(0, i).map((q) => ({ question: q })) : [])];
        outcomes.push(await this.answerOne({ ...this.analyse(part, { ...options, history }), language }, { ...options, history }, timings));
      }
      const cited = new Set(whole.refusal ? [] : (whole.citations ?? []).map((c) => c.passageId));
      const more = outcomes.some((o) => (o.citations ?? []).some((c) => !cited.has(c.passageId)));
      if (more && outcomes.every((o) => !o.refusal)) return result(joined(outcomes));
    }
    if (!whole.refusal) return result(whole);
    // A refusal that brings its own words (the closest quote when unsure) keeps them; the others get the standard text.
    if (whole.keepsText) return result({ ...whole, refusalReason: whole.refusal });
    return refuse(whole.refusal, whole.nearest, whole);
  }

  /** One question through retrieval and the answerer: an answer, or why not and the passage that came closest. */
  private async answerOne(question: AnalysedQuestion, options: AskOptions, timings: AnswerResult['timings']): Promise<Outcome> {
    const searchText = await this.standalone(question, options);
    const outside = (nearest: PassageHit | undefined): Outcome => ({ answer: '', refusal: isOffTopic(question) ? 'off_topic' : 'not_in_article', nearest });
    if (searchText !== question.normalized && looksLikeInjection(searchText)) return { answer: '', refusal: 'injection' };
    const retrieval = await this.retriever.retrieve(searchText, Math.max(this.config.retrievalK, RETRIEVAL_POOL));
    timings.embedMs = round(timings.embedMs + retrieval.embedMs);
    timings.searchMs = round(timings.searchMs + retrieval.searchMs);
    const nearest = retrieval.hits[0];
    // Names the article never mentions ("AWS"), mostly unknown words, or nothing near: it asks about something else.
    if (question.unknownNames.length > 0 || unknownShare(question) > MAX_UNKNOWN_SHARE) return outside(nearest);
    if ((nearest?.score ?? 0) < RETRIEVAL_FLOOR[this.config.embeddings]) return outside(nearest);

    const answerStarted = performance.now();
    const draft = await this.answerer.answer(
      { question, searchText, hits: retrieval.hits, units: retrieval.units, history: options.history ?? [], renderings: this.renderings },
      options,
    );
    timings.answerMs = round(timings.answerMs + performance.now() - answerStarted);
    const extra = { notice: draft.notice, answerer: draft.answerer };
    // A refusal that brings its own words (the closest quote when unsure) keeps them.
    if (draft.refused && draft.answer !== undefined) return { answer: draft.answer, citations: draft.citations, refusal: draft.reason, keepsText: true, ...extra };
    if (draft.refused) return { answer: '', refusal: draft.reason, nearest, ...extra };
    return { answer: draft.answer, citations: draft.citations, lead: draft.lead, ...extra };
  }

  /**
   * The text to search with: a request for the gist searches with the article's titles; a follow-up is
   * completed from the conversation so far (by the model when there is one).
   */
  private async standalone(question: AnalysedQuestion, options: AskOptions): Promise<string> {
    if (question.summary) return this.article.titles.join('\n');
    // Subjects of the title named with nothing asked of them: how they stand to each other is what the title
    // says, not whichever sentence happens to name them all.
    if (namesOnly(question) && [...wordsOfNames(question.names)].every((w) => this.titleWords.has(w))) return [question.normalized, ...this.article.titles].join('\n');
    const history = options.history ?? [];
    if (this.config.answerer === 'llm' && history.length > 0 && this.answerer.condense) {
      try {
        return this.analyse(cleanText(await this.answerer.condense(question.text, history, options.signal)) || question.text).normalized;
      } catch (error) {
        this.logger.warn({ err: (error as Error).message }, 'could not condense the follow-up; using the previous question');
      }
    }
    return resolveFollowUp(question.normalized, history);
  }
}

/** What answering one question came to: an answer, or a refusal with the passage that came closest. */
interface Outcome {
  answer: string;
  citations?: Citation[];
  refusal?: RefusalReason;
  /** The refusal's text is the answerer's own (the closest quote when unsure), not the standard one. */
  keepsText?: boolean;
  /** The short answer the text opens with, if any ("**1999** — …"). */
  lead?: string[];
  nearest?: PassageHit;
  notice?: string;
  answerer?: string;
}

/**
 * The answers to the parts of a message, one after the other, their [n] markers numbered on, under one lead
 * with every part's short answer: a part whose quotes are all quoted already adds only its lead.
 */
function joined(outcomes: readonly Outcome[]): Outcome {
  const citations: Citation[] = [];
  const answers: string[] = [];
  const lead = [...new Set(outcomes.flatMap((o) => o.lead ?? []))];
  for (const outcome of outcomes) {
    const before = citations.length;
    const renumbered = new Map<number, number>();
    for (const c of outcome.citations ?? []) {
      const same = citations.find((k) => k.passageId === c.passageId && k.quote === c.quote);
      renumbered.set(c.n, same?.n ?? citations.push({ ...c, n: citations.length + 1 }));
    }
    // Nothing new quoted: the part adds only its lead.
    if (citations.length === before) continue;
    const body = outcome.answer.slice(answerLead(outcome.lead ?? []).length);
    answers.push(body.replace(/\[(\d+)\]/g, (marker, n: string) => `[${renumbered.get(Number(n)) ?? n}]`));
  }
  return { answer: `${answerLead(lead)}${answers.join('\n')}`, citations, notice: outcomes.find((o) => o.notice)?.notice, answerer: outcomes[0]?.answerer };
}

export function renderingsOf(article: Article): PassageRenderings {
  const byKey = new Map(article.passages.map((p) => [`${p.id}:${p.lang}`, p]));
  const original = (passageId: string) => {
    const passage = byKey.get(`${passageId}:${article.language}`);
    if (!passage) throw new Error(`unknown passage ${passageId}`);
    return passage;
  };
  return { original, get: (passageId, lang) => byKey.get(`${passageId}:${lang}`) ?? original(passageId) };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
