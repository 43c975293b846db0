import { StringOutputParser } from '@langchain/core/output_parsers';
import type { ChatOpenAI } from '@langchain/openai';
import { type EngineConfig, openAIConnection } from '../config/env.js';
import type { Language } from '../corpus/article.js';
import { redact, secretValues } from '../log.js';
import { fold, neutralizeMentions } from '../text/normalize.js';
import { splitSentences } from '../text/sentences.js';
import type { PassageHit } from '../retrieval/retriever.js';
import type { Draft, PassageRenderings } from './extractive.js';
import { loadPrompts } from './prompts.js';
import { type SentenceScorer, sparseCosine } from './relevance.js';
import type { AskOptions, Citation, RefusalReason, Turn } from './types.js';

export interface LlmInput {
  question: string;
  history: readonly Turn[];
  language: Language;
  hits: readonly PassageHit[];
  renderings: PassageRenderings;
}

export type LlmDraft = Draft | { refused: true; reason: RefusalReason };

export interface LlmAnswerer {
  answer(input: LlmInput, options?: AskOptions): Promise<LlmDraft>;
  /** Rewrites a follow-up as a standalone question from the recent turns. */
  condense(question: string, history: readonly Turn[], signal?: AbortSignal): Promise<string>;
}

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'French' };
const NOT_IN_ARTICLE = 'NOT_IN_ARTICLE';
const HISTORY_TURNS = 4;

/** Text that goes inside a tag of the prompt cannot close or open a tag: it stays data. */
export function asData(text: string): string {
  return text.replace(/</g, '‹').replace(/>/g, '›');
}

export function formatPassages(hits: readonly PassageHit[], renderings: PassageRenderings, language: Language): string {
  return hits
    .map((hit, i) => {
      const passage = renderings.get(hit.passageId, language);
      const marks = passage.translated ? ' translation="yes"' : '';
      return `<passage n="${i + 1}" label="${asData(passage.label)}"${marks}>\n${asData(passage.text)}\n</passage>`;
    })
    .join('\n');
}

/** The OpenAI client is imported only here, when a model is configured: offline starts don't pay for it. */
export async function createLlmAnswerer(config: EngineConfig, scorer?: SentenceScorer): Promise<LlmAnswerer> {
  const { ChatOpenAI } = await import('@langchain/openai');
  const model = new ChatOpenAI({
    ...openAIConnection(config),
    model: config.openai.chatModel,
    temperature: config.openai.temperature,
    maxRetries: 1,
    // Not `streaming: true`: `.stream()` streams anyway, and with that flag `.invoke()` estimates token usage with
    // an encoding LangChain downloads at run time, which must not happen offline.
  });
  return new ChatAnswerer(model, config.openai.timeoutMs, scorer);
}

export class ChatAnswerer implements LlmAnswerer {
  private readonly prompts = loadPrompts();
  private readonly guard: OutputGuard;

  constructor(
    private readonly model: ChatOpenAI,
    private readonly timeoutMs: number,
    private readonly scorer?: SentenceScorer,
  ) {
    this.guard = new OutputGuard(this.prompts.systemText);
  }

  private signal(outer?: AbortSignal): AbortSignal {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    return outer ? AbortSignal.any([outer, timeout]) : timeout;
  }

  async condense(question: string, history: readonly Turn[], signal?: AbortSignal): Promise<string> {
    const turns = history
      .slice(-HISTORY_TURNS)
      .map((t) => `Q: ${asData(t.question)}${t.answer ? `\nA: ${asData(t.answer)}` : ''}`)
      .join('\n');
    const chain = this.prompts.condense.pipe(this.model).pipe(new StringOutputParser());
    const standalone = await chain.invoke({ history: turns, question: asData(question) }, { signal: this.signal(signal) });
    return standalone.trim().split('\n')[0]?.trim() || question;
  }

  async answer(input: LlmInput, options: AskOptions = {}): Promise<LlmDraft> {
    const chain = this.prompts.answer.pipe(this.model).pipe(new StringOutputParser());
    const stream = await chain.stream(
      {
        passages: formatPassages(input.hits, input.renderings, input.language),
        question: asData(input.question),
        language_name: LANGUAGE_NAMES[input.language],
      },
      { signal: this.signal(options.signal) },
    );
    let text = '';
    let streaming = options.onPartial !== undefined;
    // Partial text is shown while it streams, so it passes the same leak check as the final answer. It stops
    // before the word still arriving: a credential is one word, never shown in part, and seen whole by the check.
    const showPartial = (ended: boolean) => {
      if (this.guard.leaks(text)) streaming = false;
      else if (!NOT_IN_ARTICLE.startsWith(text.trim().slice(0, NOT_IN_ARTICLE.length))) {
        const shown = ended ? text : text.replace(/\S+$/, '');
        if (shown.trim()) options.onPartial!(neutralizeMentions(shown));
      }
    };
    for await (const chunk of stream) {
      text += chunk;
      if (streaming) showPartial(false);
    }
    if (streaming) showPartial(true);
    return this.check(text, input);
  }

  /** Everything after generation that does not depend on the model's good will. */
  check(raw: string, input: LlmInput): LlmDraft {
    const text = neutralizeMentions(raw.trim());
    if (!text || text.includes(NOT_IN_ARTICLE)) return { refused: true, reason: 'not_in_article' };
    if (this.guard.leaks(text)) return { refused: true, reason: 'injection' };
    const passages = input.hits.map((hit) => input.renderings.get(hit.passageId, input.language));
    if (hasInventedQuote(text, passages.map((p) => p.text).concat(input.hits.map((h) => input.renderings.original(h.passageId).text)))) {
      return { refused: true, reason: 'no_valid_citation' };
    }
    const { answer, used } = renumberCitations(text, passages.length);
    if (used.length === 0) return { refused: true, reason: 'no_valid_citation' };
    const citations: Citation[] = used.map((index, i) => {
      const passage = passages[index]!;
      const hit = input.hits[index]!;
      const sentences = splitSentences(passage.text);
      const claim = sentencesCiting(answer, i + 1);
      const best = this.bestSentence(sentences, claim);
      const citation: Citation = {
        n: i + 1,
        passageId: passage.id,
        label: passage.label,
        quote: sentences[best] ?? passage.text,
        lang: passage.lang,
        translated: passage.translated,
        score: Math.round(hit.score * 1000) / 1000,
      };
      if (passage.translated) citation.original = splitSentences(input.renderings.original(passage.id).text)[best];
      return citation;
    });
    return { refused: false, answer, citations };
  }

  private bestSentence(sentences: string[], claim: string): number {
    if (!this.scorer || sentences.length < 2) return 0;
    const claimFeatures = this.scorer.features(claim);
    let best = 0;
    let bestScore = -1;
    sentences.forEach((s, i) => {
      const score = sparseCosine(claimFeatures, this.scorer!.features(s));
      if (score > bestScore) [best, bestScore] = [i, score];
    });
    return best;
  }
}

/**
 * Keeps the markers that name a supplied passage, renumbered 1..m in order of first use; drops the others.
 * `used` lists the 0-based passage index behind each new number.
 */
export function renumberCitations(text: string, passageCount: number): { answer: string; used: number[] } {
  const used: number[] = [];
  const answer = text
    .replace(/\s*\[(\d{1,3})\]/g, (marker, digits: string) => {
      const index = Number(digits) - 1;
      if (index < 0 || index >= passageCount) return '';
      if (!used.includes(index)) used.push(index);
      return ` [${used.indexOf(index) + 1}]`;
    })
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
  return { answer, used };
}

/** The sentences of the answer that carry marker [n]; what the citation's quote should support. */
function sentencesCiting(answer: string, n: number): string {
  return splitSentences(answer)
    .filter((s) => s.includes(`[${n}]`))
    .join(' ');
}

/** A quotation of four words or more that no supplied passage contains is an invented quote. */
export function hasInventedQuote(answer: string, sources: readonly string[]): boolean {
  const haystack = sources.map((s) => squash(s)).join('\n');
  const quotations = answer.matchAll(/[«“"]\s*([^«»“”"]+?)\s*[»”"]/g);
  for (const match of quotations) {
    const inner = match[1]!;
    if (inner.split(/\s+/).length >= 4 && !haystack.includes(squash(inner).replace(/[.,;:!?…]+$/, ''))) return true;
  }
  return false;
}

function squash(text: string): string {
  return fold(text).replace(/\s+/g, ' ').trim();
}

/** Detects model output that repeats the instructions or carries a credential. */
export class OutputGuard {
  private readonly shingles: Set<string>;

  constructor(systemText: string) {
    this.shingles = new Set(shingles(systemText));
  }

  leaks(text: string): boolean {
    if (redact(text, secretValues()) !== text) return true;
    // Eight consecutive words of the instructions in the answer mean the model is reciting them.
    return shingles(text).some((s) => this.shingles.has(s));
  }
}

function shingles(text: string, size = 8): string[] {
  const tokens = fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i + size <= tokens.length; i += 1) out.push(tokens.slice(i, i + size).join(' '));
  return out;
}
