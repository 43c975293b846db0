import type { EngineConfig } from '../config/env.js';
import { type Article, type Language, type Passage, loadArticle } from '../corpus/article.js';
import { LexicalEmbeddings } from '../embeddings/lexical.js';
import type { Logger } from '../log.js';
import { type Embedder, createEmbedder, passageEmbeddingText } from '../retrieval/embedders.js';
import { openIndex } from '../retrieval/index-store.js';
import { type PassageHit, PassageRetriever } from '../retrieval/retriever.js';
import { MAX_QUESTION_CHARS, cleanText } from '../text/normalize.js';
import { detectLanguage } from '../text/tokens.js';
import { type Draft, type PassageRenderings, extractiveAnswer } from './extractive.js';
import { looksLikeInjection, withoutMentions } from './guards.js';
import { type LlmAnswerer, createLlmAnswerer } from './llm.js';
import { LLM_FALLBACK_NOTICE, nearestPassageText, refusalText } from './messages.js';
import { answerType, isSummaryRequest, resolveFollowUp } from './question.js';
import { ArticleVocabulary } from './relevance.js';
import type { AnswerResult, AskOptions, Citation, RefusalReason } from './types.js';

/** Passages the extractive answerer may choose from. */
const EXTRACTIVE_POOL = 8;

export interface EngineInfo {
  article: string;
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
  private readonly vocabulary: ArticleVocabulary;

  private constructor(
    private readonly config: EngineConfig,
    private readonly article: Article,
    private readonly embedder: Embedder,
    private readonly llm: LlmAnswerer | undefined,
    private readonly scorer: LexicalEmbeddings,
    private readonly logger: Logger,
  ) {
    this.renderings = renderingsOf(article);
    this.vocabulary = new ArticleVocabulary(article);
  }

  static async create(config: EngineConfig, logger: Logger): Promise<Engine> {
    const article = await loadArticle(config.dataDir);
    // Sentences are always scored lexically, whichever embedder finds the passages.
    const lexical = LexicalEmbeddings.fit(article.passages.map(passageEmbeddingText));
    const embedder = await createEmbedder(config, lexical);
    const llm = config.answerer === 'llm' ? await createLlmAnswerer(config, lexical) : undefined;
    const engine = new Engine(config, article, embedder, llm, lexical, logger);
    await engine.reindex(false);
    return engine;
  }

  /** Loads the saved index or rebuilds it; with `force`, always rebuilds (the moderators' /kb reindex). */
  async reindex(force = true): Promise<EngineInfo> {
    const opened = await openIndex({ dir: this.config.indexDir, article: this.article, embedder: this.embedder, logger: this.logger, forceRebuild: force });
    this.retriever = new PassageRetriever(opened.store, this.embedder.embeddings, this.config.retrievalK);
    this.indexInfo = { dimensions: opened.store.dimensions, rebuiltBecause: opened.rebuiltBecause, ms: opened.ms };
    return this.info();
  }

  info(): EngineInfo {
    return {
      article: this.article.title,
      passages: this.article.passages.length,
      paragraphs: new Set(this.article.passages.map((p) => p.id)).size,
      dimensions: this.indexInfo.dimensions,
      embedder: this.embedder.identity,
      answerer: this.answererName,
      indexRebuiltBecause: this.indexInfo.rebuiltBecause,
      indexMs: Math.round(this.indexInfo.ms),
    };
  }

  private get answererName(): string {
    return this.llm ? `llm:${this.config.openai.chatModel}` : 'extractive';
  }

  /** True when answers arrive token by token through `onPartial` (a language model is configured). */
  get streams(): boolean {
    return this.llm !== undefined;
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

  /** Retrieval alone, ranked: for evaluation and diagnostics. */
  async search(question: string, k = this.config.retrievalK) {
    return (await this.retriever.retrieve(withoutMentions(cleanText(question)), k)).hits;
  }

  async ask(rawQuestion: string, options: AskOptions = {}): Promise<AnswerResult> {
    const started = performance.now();
    const question = cleanText(String(rawQuestion ?? ''));
    const language = detectLanguage(question, this.config.defaultLanguage);
    const timings = { embedMs: 0, searchMs: 0, answerMs: 0, totalMs: 0 };
    const result = (draft: { answer: string; citations?: Citation[]; refusalReason?: RefusalReason; notice?: string; answerer?: string }): AnswerResult => {
      timings.totalMs = round(performance.now() - started);
      const out: AnswerResult = {
        question,
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
      let answer = refusalText(reason, language, { title: this.article.title, length: question.length, max: MAX_QUESTION_CHARS });
      // When the article is silent, the closest passage tells the reader where to look instead.
      if (nearest && (reason === 'not_in_article' || reason === 'no_valid_citation')) {
        answer += ` ${nearestPassageText(language, this.renderings.get(nearest.passageId, language).label)}`;
      }
      return result({ answer, refusalReason: reason, ...extra });
    };

    const searchable = withoutMentions(question);
    if (!searchable) return refuse('empty');
    if (question.length > MAX_QUESTION_CHARS) return refuse('too_long');
    if (looksLikeInjection(question)) return refuse('injection');

    const searchQuery = await this.standalone(searchable, options);
    if (searchQuery !== searchable && looksLikeInjection(searchQuery)) return refuse('injection');
    // The extractive answerer looks further down the ranking for definitions; the model gets the top k.
    const retrieval = await this.retriever.retrieve(searchQuery, Math.max(this.config.retrievalK, EXTRACTIVE_POOL));
    timings.embedMs = round(retrieval.embedMs);
    timings.searchMs = round(retrieval.searchMs);
    const nearest = retrieval.hits[0];
    const verdict = this.vocabulary.assess(searchQuery, nearest?.score ?? 0);
    if (!verdict.inScope) return refuse(verdict.reason, nearest);

    const answerStarted = performance.now();
    const extractiveInput = { question: searchQuery, language, answerType: answerType(searchable), hits: retrieval.hits, renderings: this.renderings };
    let draft: Draft | { refused: true; reason: RefusalReason };
    let notice: string | undefined;
    let answerer: string | undefined;
    if (this.llm) {
      try {
        const hits = retrieval.hits.slice(0, this.config.retrievalK);
        draft = await this.llm.answer({ question: searchable, history: options.history ?? [], language, hits, renderings: this.renderings }, options);
      } catch (error) {
        // The provider failed or timed out: the quote-only answer stands in, and the reader is told.
        this.logger.warn({ err: (error as Error).message }, 'language model failed; falling back to the extractive answer');
        draft = extractiveAnswer(extractiveInput, this.scorer);
        notice = LLM_FALLBACK_NOTICE[language];
        answerer = 'extractive';
      }
    } else {
      draft = extractiveAnswer(extractiveInput, this.scorer);
    }
    timings.answerMs = round(performance.now() - answerStarted);
    if (draft.refused) return refuse(draft.reason, nearest, { notice, answerer });
    return result({ answer: draft.answer, citations: draft.citations, notice, answerer });
  }

  /**
   * The question to search with: a request for the gist searches with the article's title in every language;
   * a follow-up is completed from the conversation so far.
   */
  private async standalone(question: string, options: AskOptions): Promise<string> {
    if (isSummaryRequest(question)) return this.article.titles.join('\n');
    const history = options.history ?? [];
    if (this.llm && history.length > 0) {
      try {
        return cleanText(await this.llm.condense(question, history, options.signal)) || question;
      } catch (error) {
        this.logger.warn({ err: (error as Error).message }, 'could not condense the follow-up; using the previous question');
      }
    }
    return resolveFollowUp(question, history);
  }
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
