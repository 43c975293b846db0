import type { Language } from '../corpus/article.js';
import type { Logger } from '../log.js';
import type { PassageHit, UnitHit } from '../retrieval/retriever.js';
import type { Draft, ExtractiveAnswerer, PassageRenderings } from './extractive.js';
import type { LlmAnswerer } from './llm.js';
import { LLM_FALLBACK_NOTICE } from './messages.js';
import type { AnalysedQuestion } from './question.js';
import type { AskOptions, Turn } from './types.js';

/**
 * One interface for every way of composing an answer from retrieved passages, so the engine runs the same
 * steps whichever answers: the extractive one, a language model, or the model with the extractive one behind it.
 */
export interface AnswerInput {
  question: AnalysedQuestion;
  /** What was searched: the normalised question, with the previous one for a follow-up. */
  searchText: string;
  hits: readonly PassageHit[];
  units: readonly UnitHit[];
  history: readonly Turn[];
  renderings: PassageRenderings;
}

export type AnswerDraft = Draft & { notice?: string; answerer?: string };

export interface Answerer {
  readonly name: string;
  /** True when answers arrive token by token through `onPartial`. */
  readonly streams: boolean;
  answer(input: AnswerInput, options: AskOptions): Promise<AnswerDraft>;
  /** Rewrites a follow-up as a standalone question, when the answerer can (a language model). */
  condense?(question: string, history: readonly Turn[], signal?: AbortSignal): Promise<string>;
}

export function extractiveAnswerer(extractive: ExtractiveAnswerer): Answerer {
  return {
    name: 'extractive',
    streams: false,
    answer: async (input) => extractive.answer({ question: input.question, searchText: input.searchText, units: input.units, renderings: input.renderings, summary: input.question.summary }),
  };
}

export function modelAnswerer(llm: LlmAnswerer, name: string, passages: number): Answerer {
  return {
    name,
    streams: true,
    condense: (question, history, signal) => llm.condense(question, history, signal),
    answer: (input, options) =>
      llm.answer(
        { question: input.question.text, history: input.history, language: input.question.language, hits: input.hits.slice(0, passages), renderings: input.renderings },
        options,
      ),
  };
}

/** The primary answerer, and when it throws (provider down, timeout), the fallback's answer with a notice. */
export function withFallback(primary: Answerer, fallback: Answerer, logger: Logger): Answerer {
  return {
    name: primary.name,
    streams: primary.streams,
    ...(primary.condense ? { condense: primary.condense } : {}),
    async answer(input, options) {
      try {
        return await primary.answer(input, options);
      } catch (error) {
        logger.warn({ err: (error as Error).message, answerer: primary.name }, 'language model failed; falling back to the extractive answer');
        const draft = await fallback.answer(input, options);
        return { ...draft, notice: fallbackNotice(input.question.language), answerer: fallback.name };
      }
    },
  };
}

function fallbackNotice(language: Language): string {
  return LLM_FALLBACK_NOTICE[language];
}
