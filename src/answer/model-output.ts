import { cleanPiece, neutralizeMentions } from '../text/normalize.js';
import { SentenceScanner } from '../text/sentence-breaks.js';
import { type PassageTerms, passageTerms, unsupportedTerms } from './claims.js';
import { defuseLinks, linksIn } from './links.js';
import type { LeakGuard, LeakScan } from './output-leaks.js';
import { isInventedQuotation, quotationHaystack } from './quotations.js';
import type { RefusalReason } from './types.js';

/**
 * A language model's answer is untrusted input: it can be wrong, jailbroken through the article's own text, or
 * degenerate. This is the one path every answer takes, streamed or not, before anyone sees it: capped, cleaned
 * like a question, cut into sentences, and each sentence checked once, in order, as soon as it is complete:
 * leaks (credentials, instructions), invented quotations, links, and whether its numbers and names are in the
 * passage it cites. Only sentences that passed are ever shown, so a partial edit can't show what the final
 * answer refuses. Every step is linear in the answer's length.
 */

/** The model's way of saying the passages do not answer (see prompts/system.md). */
const NOT_IN_ARTICLE = 'NOT_IN_ARTICLE';
/**
 * Raw characters read per character kept: past this ratio the output is a degenerate run of whitespace or
 * invisible characters, and reading stops.
 */
const RAW_CHARS_PER_ANSWER_CHAR = 10;
const MARKER = /\[(\d{1,3})\]/g;
const HORIZONTAL_SPACE_RUN = /[^\S\n]{2,}/g;

export type CheckedAnswer = { refused: true; reason: RefusalReason } | { refused: false; answer: string; used: number[] };

/** What one answer is checked against: the passages supplied, in the order the model numbers them. */
export interface AnswerSources {
  /** For each supplied passage, its texts: the rendering the model read and, when that is a translation, the original. */
  passages: readonly (readonly string[])[];
  /** What replaces a link that is not in the passages, in the answer's language. */
  linkRemoved: string;
}

/** The per-deployment half of the checks: built once per answerer, it starts one `ModelOutputCheck` per answer. */
export class ModelOutputRules {
  constructor(
    private readonly leaks: LeakGuard,
    readonly maxChars: number,
  ) {}

  start(sources: AnswerSources): ModelOutputCheck {
    return new ModelOutputCheck(this.leaks.scan(), this.maxChars, sources);
  }
}

export class ModelOutputCheck {
  private readonly cleaner = new StreamCleaner();
  private readonly scanner = new SentenceScanner({ holdInsideQuotes: true });
  private readonly haystack: string;
  private readonly allowedLinks: Set<string>;
  private readonly cited: PassageTerms[];
  private readonly anyPassage: PassageTerms;
  /** The cleaned answer so far; never longer than maxChars. */
  private text = '';
  private rawChars = 0;
  private sentenceStart = 0;
  private quotationCursor = 0;
  private lineStart = true;
  private inMultiLineBlockquote = false;
  /** The sentences that passed, renumbered, mentions broken: all that is ever shown. */
  private accepted = '';
  private readonly used: number[] = [];
  private refusal: RefusalReason | undefined;
  /** The cleaned answer reached maxChars: the sentence cut short there is left out. */
  private overLength = false;
  /** The raw output reached its cap: reading stops, and what was read is the whole answer. */
  private overRaw = false;
  /** Sentences dropped because their numbers or names are not in their passage. */
  readonly dropped: string[] = [];

  constructor(
    private readonly leaks: LeakScan,
    private readonly maxChars: number,
    private readonly sources: AnswerSources,
  ) {
    const all = sources.passages.flat();
    this.haystack = quotationHaystack(all);
    this.allowedLinks = linksIn(all);
    this.cited = sources.passages.map((texts) => passageTerms(texts));
    this.anyPassage = passageTerms(all);
  }

  /** True once nothing more the model writes can change the outcome: refused, or over the length cap. */
  get done(): boolean {
    return this.refusal !== undefined || this.overLength || this.overRaw;
  }

  /** The text checked so far, as it may be shown; mentions broken. */
  get shown(): string {
    return this.accepted;
  }

  /** Takes the next piece of raw model output; returns the text now safe to show if it grew, else undefined. */
  push(raw: string): string | undefined {
    if (this.done) return undefined;
    this.rawChars += raw.length;
    if (this.rawChars > this.maxChars * RAW_CHARS_PER_ANSWER_CHAR) this.overRaw = true;
    this.append(this.cleaner.push(raw));
    const before = this.accepted;
    this.checkSentences(this.scanner.scan(this.text, false));
    return this.accepted !== before && this.refusal === undefined ? this.shown : undefined;
  }

  /** The model has finished (or was cut off): the verdict on the whole answer. */
  finish(): CheckedAnswer {
    // Over the length cap, the sentence cut short is left out: only complete sentences are checked and kept.
    if (this.refusal === undefined && !this.overLength) {
      this.append(this.cleaner.end());
      if (!this.overLength) {
        this.checkSentences(this.scanner.scan(this.text, true));
        this.checkSentence(this.sentenceStart, this.text.length);
      }
    }
    if (this.refusal) return { refused: true, reason: this.refusal };
    if (!this.text.trim()) return { refused: true, reason: 'not_in_article' };
    if (this.used.length === 0) return { refused: true, reason: 'no_valid_citation' };
    return { refused: false, answer: this.shown, used: [...this.used] };
  }

  private append(clean: string): void {
    if (this.overLength) return;
    this.text += clean;
    if (this.text.length > this.maxChars) {
      this.text = this.text.slice(0, this.maxChars);
      this.overLength = true;
    }
  }

  private checkSentences(breaks: readonly number[]): void {
    for (const at of breaks) {
      if (this.refusal) return;
      this.checkSentence(this.sentenceStart, at);
      this.sentenceStart = at;
    }
  }

  private checkSentence(start: number, end: number): void {
    if (this.refusal) return;
    const raw = this.text.slice(start, end);
    const sentence = raw.trim();
    const atLineStart = this.lineStart;
    this.lineStart = /\n\s*$/.test(raw.slice(-3));
    if (!sentence) return;
    if (this.leaks.leaks(sentence)) return this.refuse('injection');
    if (sentence.includes(NOT_IN_ARTICLE)) return this.refuse('not_in_article');
    if (this.quotesInvented(start, end, sentence, atLineStart)) return this.refuse('no_valid_citation');
    const defused = defuseLinks(sentence, this.allowedLinks, this.sources.linkRemoved);
    const markers = [...new Set([...defused.matchAll(MARKER)].map((m) => Number(m[1]) - 1))].filter((i) => i >= 0 && i < this.cited.length);
    const terms = markers.length > 0 ? mergeTerms(markers.map((i) => this.cited[i]!)) : this.anyPassage;
    if (unsupportedTerms(defused, terms).length > 0) {
      this.dropped.push(sentence);
      return;
    }
    const separator = this.accepted === '' ? '' : atLineStart ? (/\n\s*\n\s*$/.test(this.text.slice(Math.max(0, start - 4), start)) ? '\n\n' : '\n') : ' ';
    // A mention never spans two sentences, so each is broken as its sentence is accepted.
    this.accepted += separator + neutralizeMentions(renumberMarkers(defused, this.cited.length, this.used));
  }

  private quotesInvented(start: number, end: number, sentence: string, atLineStart: boolean): boolean {
    const quotations = this.scanner.quotations;
    let invented = false;
    for (; this.quotationCursor < quotations.length && quotations[this.quotationCursor]!.start < end; this.quotationCursor += 1) {
      const q = quotations[this.quotationCursor]!;
      if (q.start >= start && isInventedQuotation(this.text.slice(q.start, q.end), this.haystack)) invented = true;
    }
    // A Discord blockquote: "> " quotes its line, ">>> " everything after it.
    if (atLineStart && sentence.startsWith('>>>')) this.inMultiLineBlockquote = true;
    const quotedLine = this.inMultiLineBlockquote || (atLineStart && sentence.startsWith('>'));
    return invented || (quotedLine && isInventedQuotation(sentence.replace(/^>{1,3}\s?/, ''), this.haystack));
  }

  private refuse(reason: RefusalReason): void {
    this.refusal = reason;
  }
}

function mergeTerms(all: readonly PassageTerms[]): PassageTerms {
  if (all.length === 1) return all[0]!;
  return { words: new Set(all.flatMap((t) => [...t.words])), numbers: new Set(all.flatMap((t) => [...t.numbers])) };
}

/**
 * Keeps the markers that name a supplied passage, renumbered 1..m in order of first use across calls sharing
 * `used`, with one space before each; drops the others. `used` lists the 0-based passage index behind each number.
 */
export function renumberMarkers(text: string, passageCount: number, used: number[]): string {
  // Built piece by piece: a pattern with a whitespace run before the marker backtracks quadratically.
  let out = '';
  let from = 0;
  for (const match of text.matchAll(MARKER)) {
    out += text.slice(from, match.index).trimEnd();
    from = match.index + match[0].length;
    const index = Number(match[1]) - 1;
    if (index < 0 || index >= passageCount) continue;
    if (!used.includes(index)) used.push(index);
    out += ` [${used.indexOf(index) + 1}]`;
  }
  out += text.slice(from);
  return out.replace(HORIZONTAL_SPACE_RUN, ' ').trim();
}

/**
 * Cleans text that arrives in pieces exactly as `cleanText` would clean it whole (less the final trim): each
 * piece is cleaned with the short tail of the previous one that could still change (a whitespace run, a
 * character that combining marks may follow, half a surrogate pair), so no text is cleaned twice.
 */
export class StreamCleaner {
  private carry = '';
  private highSurrogate = '';

  push(raw: string): string {
    let text = this.highSurrogate + raw;
    this.highSurrogate = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.highSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    const cleaned = cleanPiece(this.carry + text);
    const cut = unsettledFrom(cleaned);
    this.carry = cleaned.slice(cut);
    return cleaned.slice(0, cut);
  }

  end(): string {
    const rest = cleanPiece(this.carry + this.highSurrogate);
    this.carry = '';
    this.highSurrogate = '';
    return rest;
  }
}

/** Where the tail that more text could still change begins: trailing whitespace, then the last character and its marks. */
function unsettledFrom(text: string): number {
  let i = text.length;
  while (i > 0 && /\s/.test(text[i - 1]!)) i -= 1;
  // Two characters with their marks: conjoining Hangul jamo compose across three characters.
  for (let n = 0; n < 2; n += 1) {
    while (i > 0 && /\p{M}/u.test(text[i - 1]!)) i -= 1;
    if (i > 0) i -= 1;
    if (i > 0 && /[\uDC00-\uDFFF]/.test(text[i]!) && /[\uD800-\uDBFF]/.test(text[i - 1]!)) i -= 1;
  }
  return i;
}
