import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import type { Runnable } from '@langchain/core/runnables';
import { type EngineConfig, openAIConnection } from '../config/env.js';
import type { AnticipatedQuestion, Article, Language, UnansweredQuestion } from '../corpus/article.js';
import { cleanText } from '../text/normalize.js';
import { splitSentences } from '../text/sentences.js';
import { looksLikeInjection, withoutMentions } from './guards.js';
import { asData } from './llm.js';
import { readPrompt } from './prompts.js';

/**
 * Drafts an article's questions with a language model, for a person to review before they are used: the
 * anticipated questions paragraph by paragraph, and the questions about its subject the article does not
 * answer from the whole article. What the model writes is untrusted: each line must parse, name a known
 * language and hold a short clean question (and, for an anticipated one, point at sentences that exist), or it
 * is dropped and counted.
 */

/** Longest question kept: a member's question, not a paragraph. */
const MAX_QUESTION_CHARS = 200;
/** Lines read from one answer of the model at most, whatever it writes. */
const MAX_LINES_PER_ANSWER = 200;

interface Drafted<T> {
  questions: T[];
  /** Lines of the model's answers that were not valid questions. */
  dropped: number;
}

export type DraftedQuestions = Drafted<AnticipatedQuestion>;
export type DraftedUnanswered = Drafted<UnansweredQuestion>;

/** One line of the model's answer that parsed, with a known language and a clean question. */
interface DraftLine {
  lang: Language;
  q: string;
  row: Record<string, unknown>;
}

/**
 * Reads one answer of the model line by line (code fences and blank lines skipped, at most
 * MAX_LINES_PER_ANSWER): a line must be a JSON object with `lang` fr or en and a question `q` that, cleaned
 * and without mentions, is not empty, not too long and does not look like an injection; `accept` may still
 * refuse it (undefined). Every refused line is counted as dropped.
 */
function parseDraftLines<T>(raw: string, accept: (line: DraftLine) => T | undefined): Drafted<T> {
  const questions: T[] = [];
  let dropped = 0;
  for (const line of raw.split('\n').slice(0, MAX_LINES_PER_ANSWER)) {
    const trimmed = line.trim().replace(/^```(?:json)?$/, '');
    if (!trimmed) continue;
    let row: unknown;
    try {
      row = JSON.parse(trimmed);
    } catch {
      dropped += 1;
      continue;
    }
    const fields = typeof row === 'object' && row !== null ? (row as Record<string, unknown>) : {};
    const q = typeof fields.q === 'string' ? withoutMentions(cleanText(fields.q)) : '';
    const valid = (fields.lang === 'fr' || fields.lang === 'en') && q.length > 0 && q.length <= MAX_QUESTION_CHARS && !looksLikeInjection(q);
    const question = valid ? accept({ lang: fields.lang as Language, q, row: fields }) : undefined;
    if (question === undefined) dropped += 1;
    else questions.push(question);
  }
  return { questions, dropped };
}

/** Keeps the first of questions that differ only by case, in the same language. */
function withoutDuplicates<T extends { lang: Language; q: string }>(questions: Iterable<T>): T[] {
  const seen = new Set<string>();
  const kept: T[] = [];
  for (const question of questions) {
    const key = `${question.lang}:${question.q.toLowerCase()}`;
    if (!seen.has(key)) kept.push(question);
    seen.add(key);
  }
  return kept;
}

/** The model's answer for one paragraph, read line by line; `sentenceCount` bounds the sentence numbers. */
export function parseDraft(raw: string, passageId: string, sentenceCount: number): DraftedQuestions {
  return parseDraftLines(raw, ({ lang, q, row }): AnticipatedQuestion | undefined => {
    const answers = Array.isArray(row.answers) ? row.answers.map(Number) : [];
    if (answers.length === 0 || !answers.every((n) => Number.isInteger(n) && n >= 1 && n <= sentenceCount)) return undefined;
    return { lang, q, answers: [...new Set(answers)].map((n) => ({ passageId, sentence: n - 1 })) };
  });
}

/** The model's answer for the questions the article does not answer, read line by line, duplicates merged. */
export function parseUnansweredDraft(raw: string): DraftedUnanswered {
  const { questions, dropped } = parseDraftLines(raw, ({ lang, q }): UnansweredQuestion => ({ lang, q }));
  return { questions: withoutDuplicates(questions), dropped };
}

/** One JSON line per question, in the format of the article folder's anticipated.jsonl. */
export function formatAnticipated(questions: readonly AnticipatedQuestion[]): string {
  return questions.map((q) => JSON.stringify({ lang: q.lang, q: q.q, answers: q.answers.map((a) => `${a.passageId}#${a.sentence + 1}`) })).join('\n') + '\n';
}

/** One JSON line per question, in the format of the article folder's unanswered.jsonl. */
export function formatUnanswered(questions: readonly UnansweredQuestion[]): string {
  return questions.map((q) => JSON.stringify({ lang: q.lang, q: q.q })).join('\n') + '\n';
}

/** The prompt `promptFile` → the configured chat model → its text. */
async function draftingChain(config: EngineConfig, promptFile: string): Promise<Runnable<Record<string, string>, string>> {
  const { ChatOpenAI } = await import('@langchain/openai');
  const model = new ChatOpenAI({ ...openAIConnection(config), model: config.openai.chatModel, temperature: 0.7, maxRetries: 1 });
  return ChatPromptTemplate.fromMessages([['human', readPrompt(promptFile)]])
    .pipe(model)
    .pipe(new StringOutputParser());
}

/** A text with its translation under it, both as data. */
function withTranslation(original: string, translation: string | undefined, indent: string): string {
  return `${asData(original)}${translation ? `\n${indent}(${asData(translation)})` : ''}`;
}

export async function draftAnticipatedQuestions(article: Article, config: EngineConfig): Promise<DraftedQuestions> {
  const chain = await draftingChain(config, 'generate-questions.md');
  const questions: AnticipatedQuestion[] = [];
  let dropped = 0;
  for (const original of article.passages.filter((p) => !p.translated)) {
    const translation = article.passages.find((p) => p.translated && p.id === original.id);
    const sentences = splitSentences(original.text);
    const translated = translation ? splitSentences(translation.text) : [];
    const numbered = sentences.map((s, i) => `${i + 1}. ${withTranslation(s, translated[i], '   ')}`).join('\n');
    const raw = await chain.invoke({ sentences: numbered }, { signal: AbortSignal.timeout(config.openai.timeoutMs) });
    const draft = parseDraft(raw, original.id, sentences.length);
    questions.push(...draft.questions);
    dropped += draft.dropped;
  }
  return { questions: withoutDuplicates(questions), dropped };
}

/** Asks once, with the whole article, for the questions about its subject it does not answer. */
export async function draftUnansweredQuestions(article: Article, config: EngineConfig): Promise<DraftedUnanswered> {
  const chain = await draftingChain(config, 'generate-unanswered.md');
  const originals = article.passages.filter((p) => !p.translated);
  const translationOf = (id: string) => article.passages.find((p) => p.translated && p.id === id)?.text;
  const text = [
    `Title: ${withTranslation(article.title, article.titles[1], '       ')}`,
    ...originals.map((p) => `${p.paragraph}. ${withTranslation(p.text, translationOf(p.id), '   ')}`),
  ].join('\n\n');
  const raw = await chain.invoke({ article: text }, { signal: AbortSignal.timeout(config.openai.timeoutMs) });
  return parseUnansweredDraft(raw);
}
