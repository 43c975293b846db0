import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { type EngineConfig, openAIConnection } from '../config/env.js';
import type { AnticipatedQuestion, Article } from '../corpus/article.js';
import { cleanText } from '../text/normalize.js';
import { splitSentences } from '../text/sentences.js';
import { looksLikeInjection, withoutMentions } from './guards.js';
import { asData } from './llm.js';
import { readPrompt } from './prompts.js';

/**
 * Drafts an article's anticipated questions with a language model, paragraph by paragraph, for a person to
 * review before they are used. What the model writes is untrusted: each line must parse, name a known language,
 * hold a short clean question and point at sentences that exist, or it is dropped and counted.
 */

/** Longest question kept: a member's question, not a paragraph. */
const MAX_QUESTION_CHARS = 200;
/** Lines read from one answer at most, whatever the model writes. */
const MAX_LINES_PER_PARAGRAPH = 200;

export interface DraftedQuestions {
  questions: AnticipatedQuestion[];
  /** Lines of the model's answers that were not valid questions. */
  dropped: number;
}

/** The model's answer for one paragraph, read line by line; `sentenceCount` bounds the sentence numbers. */
export function parseDraft(raw: string, passageId: string, sentenceCount: number): DraftedQuestions {
  const questions: AnticipatedQuestion[] = [];
  let dropped = 0;
  for (const line of raw.split('\n').slice(0, MAX_LINES_PER_PARAGRAPH)) {
    const trimmed = line.trim().replace(/^```(?:json)?$/, '');
    if (!trimmed) continue;
    let row: { lang?: unknown; q?: unknown; answers?: unknown };
    try {
      row = JSON.parse(trimmed) as typeof row;
    } catch {
      dropped += 1;
      continue;
    }
    const q = typeof row.q === 'string' ? withoutMentions(cleanText(row.q)) : '';
    const answers = Array.isArray(row.answers) ? row.answers.map(Number) : [];
    const valid =
      (row.lang === 'fr' || row.lang === 'en') &&
      q.length > 0 &&
      q.length <= MAX_QUESTION_CHARS &&
      !looksLikeInjection(q) &&
      answers.length > 0 &&
      answers.every((n) => Number.isInteger(n) && n >= 1 && n <= sentenceCount);
    if (!valid) {
      dropped += 1;
      continue;
    }
    questions.push({ lang: row.lang as 'fr' | 'en', q, answers: [...new Set(answers)].map((n) => ({ passageId, sentence: n - 1 })) });
  }
  return { questions, dropped };
}

/** One JSON line per question, in the format of the article folder's anticipated.jsonl. */
export function formatAnticipated(questions: readonly AnticipatedQuestion[]): string {
  return questions.map((q) => JSON.stringify({ lang: q.lang, q: q.q, answers: q.answers.map((a) => `${a.passageId}#${a.sentence + 1}`) })).join('\n') + '\n';
}

export async function draftAnticipatedQuestions(article: Article, config: EngineConfig): Promise<DraftedQuestions> {
  const { ChatOpenAI } = await import('@langchain/openai');
  const model = new ChatOpenAI({ ...openAIConnection(config), model: config.openai.chatModel, temperature: 0.7, maxRetries: 1 });
  const chain = ChatPromptTemplate.fromMessages([['human', readPrompt('generate-questions.md')]])
    .pipe(model)
    .pipe(new StringOutputParser());
  const drafted: DraftedQuestions = { questions: [], dropped: 0 };
  const seen = new Set<string>();
  for (const original of article.passages.filter((p) => !p.translated)) {
    const translation = article.passages.find((p) => p.translated && p.id === original.id);
    const sentences = splitSentences(original.text);
    const translated = translation ? splitSentences(translation.text) : [];
    const numbered = sentences.map((s, i) => `${i + 1}. ${asData(s)}${translated[i] ? `\n   (${asData(translated[i]!)})` : ''}`).join('\n');
    const raw = await chain.invoke({ sentences: numbered }, { signal: AbortSignal.timeout(config.openai.timeoutMs) });
    const { questions, dropped } = parseDraft(raw, original.id, sentences.length);
    drafted.dropped += dropped;
    for (const q of questions) {
      const key = `${q.lang}:${q.q.toLowerCase()}`;
      if (!seen.has(key)) drafted.questions.push(q);
      seen.add(key);
    }
  }
  return drafted;
}
