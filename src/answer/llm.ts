import { StringOutputParser } from '@langchain/core/output_parsers';
import type { ChatOpenAI } from '@langchain/openai';
import { type EngineConfig, openAIConnection } from '../config/env.js';
import type { Language } from '../corpus/article.js';
import { MAX_QUESTION_CHARS, cleanText } from '../text/normalize.js';
import { splitSentences } from '../text/sentences.js';
import type { PassageHit } from '../retrieval/retriever.js';
import type { Draft, PassageRenderings } from './extractive.js';
import { LINK_REMOVED } from './messages.js';
import { type CheckedAnswer, ModelOutputRules, renumberMarkers } from './model-output.js';
import { LeakGuard } from './output-leaks.js';
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
    maxTokens: config.openai.maxTokens,
    // Not `streaming: true`: `.stream()` streams anyway, and with that flag `.invoke()` estimates token usage with
    // an encoding LangChain downloads at run time, which must not happen offline.
  });
  return new ChatAnswerer(model, config.openai.timeoutMs, scorer, { secrets: config.secrets, maxAnswerChars: config.openai.maxAnswerChars });
}

export class ChatAnswerer implements LlmAnswerer {
  private readonly prompts = loadPrompts();
  private readonly rules: ModelOutputRules;

  constructor(
    private readonly model: ChatOpenAI,
    private readonly timeoutMs: number,
    private readonly scorer: SentenceScorer | undefined,
    output: { secrets: readonly string[]; maxAnswerChars: number },
  ) {
    this.rules = new ModelOutputRules(new LeakGuard(this.prompts.systemText, output.secrets), output.maxAnswerChars);
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
    // The rewritten question is model output too: cleaned, and no longer than a question may be.
    const firstLine = cleanText(standalone.slice(0, MAX_QUESTION_CHARS * 4)).split('\n')[0] ?? '';
    return firstLine.slice(0, MAX_QUESTION_CHARS).trim() || question;
  }

  async answer(input: LlmInput, options: AskOptions = {}): Promise<LlmDraft> {
    const chain = this.prompts.answer.pipe(this.model).pipe(new StringOutputParser());
    // Reading stops as soon as the outcome is known (refused, or over the length cap): the request is aborted.
    const stop = new AbortController();
    const stream = await chain.stream(
      {
        passages: formatPassages(input.hits, input.renderings, input.language),
        question: asData(input.question),
        language_name: LANGUAGE_NAMES[input.language],
      },
      { signal: AbortSignal.any([this.signal(options.signal), stop.signal]) },
    );
    const checking = this.rules.start(this.sources(input));
    let lastShown = '';
    // Only what has passed every check is shown while the answer streams: whole sentences, one at a time.
    const show = (text: string | undefined) => {
      if (text === undefined || text === lastShown || !options.onPartial) return;
      lastShown = text;
      options.onPartial(text);
    };
    for await (const chunk of stream) {
      show(checking.push(chunk));
      if (checking.done) {
        stop.abort();
        break;
      }
    }
    const checked = checking.finish();
    if (!checked.refused) show(checked.answer);
    return this.draft(checked, input);
  }

  /** Everything after generation that does not depend on the model's good will, for an answer already complete. */
  check(raw: string, input: LlmInput): LlmDraft {
    const checking = this.rules.start(this.sources(input));
    checking.push(raw);
    return this.draft(checking.finish(), input);
  }

  private sources(input: LlmInput) {
    return {
      passages: input.hits.map((hit) => {
        const passage = input.renderings.get(hit.passageId, input.language);
        const original = input.renderings.original(hit.passageId);
        return passage.translated ? [passage.text, original.text] : [passage.text];
      }),
      linkRemoved: LINK_REMOVED[input.language],
    };
  }

  /** A checked answer with the passages it cites, each quoted by the sentence that best supports it. */
  private draft(checked: CheckedAnswer, input: LlmInput): LlmDraft {
    if (checked.refused) return checked;
    const { answer, used } = checked;
    const passages = input.hits.map((hit) => input.renderings.get(hit.passageId, input.language));
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
  return { answer: renumberMarkers(text, passageCount, used), used };
}

/** The sentences of the answer that carry marker [n]; what the citation's quote should support. */
function sentencesCiting(answer: string, n: number): string {
  return splitSentences(answer)
    .filter((s) => s.includes(`[${n}]`))
    .join(' ');
}
