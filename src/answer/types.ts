import type { Language } from '../corpus/article.js';

export interface Citation {
  /** The number of the `[n]` marker in the answer. */
  n: number;
  passageId: string;
  label: string;
  /** Verbatim text of the passage rendering named by `lang`. */
  quote: string;
  lang: Language;
  /** True when the quote is the project's English rendering rather than the article's own words. */
  translated: boolean;
  /** The article's own words for a translated quote: the original is always one step away. */
  original?: string;
  /** How well the passage matched the question, 0 to 1. */
  score: number;
}

export type RefusalReason =
  | 'empty'
  | 'too_long'
  | 'off_topic'
  | 'not_in_article'
  /** Something close was found but not close enough to claim it answers: the closest quote is offered. */
  | 'uncertain'
  | 'injection'
  | 'no_valid_citation';

/** The one result every front end (CLI, chat, Discord) renders. */
export interface AnswerResult {
  question: string;
  language: Language;
  answer: string;
  refused: boolean;
  refusalReason?: RefusalReason;
  citations: Citation[];
  timings: { embedMs: number; searchMs: number; answerMs: number; totalMs: number };
  answerer: string;
  embedder: string;
  /** A one-line remark for the reader, e.g. that the language model failed and the extractive answer stands in. */
  notice?: string;
}

/** A previous exchange of the same conversation, oldest first. */
export interface Turn {
  question: string;
  answer?: string;
}

export interface AskOptions {
  history?: readonly Turn[];
  /**
   * The language to answer in when the question is too short to tell (the member's Discord locale, say);
   * the conversation's own language, when its history tells, comes first.
   */
  languageHint?: Language;
  /** Called with the answer text so far while a language model streams it. */
  onPartial?: (text: string) => void;
  signal?: AbortSignal;
}
