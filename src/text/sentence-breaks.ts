/**
 * Where one sentence of an answer ends and the next begins, and where its quotations open and close, found in
 * one left-to-right pass that can be resumed as more text arrives. It replaces regular expressions with
 * look-behinds and overlapping quantifiers, which took minutes on a long run of newlines: every character is
 * looked at once, plus at most five characters ahead for a `[n]` marker.
 *
 * A sentence ends at . ! ? or …, followed by any closing quotes, brackets and `[n]` citation markers, then
 * whitespace, then the first character of the next sentence (the break is just before it). A line break ends a
 * sentence too. With `holdInsideQuotes`, no break falls inside an open quotation.
 */

const TERMINAL = new Set(['.', '!', '?', '…']);
/** Characters that close a sentence without starting the next one, when no quotation they could open is due. */
const CLOSING = new Set(['»', '”', '’', ')', '›', '」', '』']);
/** Opening quotation marks and the marks that close each. Straight quotes are handled by `apostropheRole`. */
const QUOTE_PAIRS = new Map<string, string>([
  ['“', '”'],
  ['„', '“”'],
  ['«', '»'],
  ['‘', '’'],
  ['‚', '‘’'],
  ['‹', '›'],
  ['「', '」'],
  ['『', '』'],
  ['"', '"'],
  ["'", "'"],
]);
const MARKER = /^\[\d{1,3}\]/;
const MARKER_MAX_LENGTH = 5;
const AFTER_CLOSING_QUOTE = /[\s.,;:!?)\]»”’…—–-]/;
const BEFORE_OPENING_QUOTE = /[\s([{—–-]/;

/** The characters between a quotation's marks: `end` is the closing mark, or the end of the text when unclosed. */
export interface Quotation {
  start: number;
  end: number;
  closed: boolean;
}

export class SentenceScanner {
  private pos = 0;
  private afterEnd = false;
  private afterNewline = false;
  private prevSpace = false;
  private open: { at: number; closers: string } | undefined;
  /** Every quotation seen so far, in order; the last one may still be open (`end` = -1) until `scan(..., true)`. */
  readonly quotations: Quotation[] = [];

  constructor(private readonly options: { holdInsideQuotes: boolean }) {}

  /** True while a quotation is open at the point scanned so far. */
  get insideQuotation(): boolean {
    return this.open !== undefined;
  }

  /**
   * Scans `text` (the same text as before, possibly longer) from where the last call stopped, and returns the
   * offsets where new sentences begin. Without `final`, it stops where it would need characters not yet
   * written; with it, the text is complete and an open quotation is recorded as unclosed.
   */
  scan(text: string, final: boolean): number[] {
    const breaks: number[] = [];
    let p = this.pos;
    for (; p < text.length; p += 1) {
      const c = text[p]!;
      if (c === '\n') {
        this.afterNewline = true;
        this.prevSpace = true;
        continue;
      }
      if (isSpace(c.charCodeAt(0))) {
        this.prevSpace = true;
        continue;
      }
      if (c === '[' && this.afterEnd && !this.afterNewline) {
        if (!final && text.length - p < MARKER_MAX_LENGTH && /^\[\d{0,3}$/.test(text.slice(p))) break;
        const marker = MARKER.exec(text.slice(p, p + MARKER_MAX_LENGTH));
        if (marker) {
          p += marker[0].length - 1;
          this.prevSpace = false;
          continue;
        }
      }
      const quoteRole = this.quoteRole(text, p, final);
      if (quoteRole === 'wait') break;
      const closes = quoteRole === 'close' || (quoteRole === 'none' && CLOSING.has(c));
      const breakable = this.afterNewline || (this.afterEnd && this.prevSpace && !closes && c !== '[');
      // A straight single quote still open at a sentence end was an apostrophe ("the '90s"): it quotes nothing.
      if (breakable && this.open?.closers === "'") this.open = undefined;
      if (breakable && (!this.open || !this.options.holdInsideQuotes) && p > 0) breaks.push(p);
      if (quoteRole === 'open') this.open = { at: p, closers: QUOTE_PAIRS.get(c)! };
      else if (quoteRole === 'close') {
        this.quotations.push({ start: this.open!.at + 1, end: p, closed: true });
        this.open = undefined;
      }
      this.afterNewline = false;
      this.afterEnd = TERMINAL.has(c) || (this.afterEnd && closes);
      this.prevSpace = false;
    }
    this.pos = p;
    if (final && this.open?.closers === "'") this.open = undefined;
    if (final && this.open) {
      this.quotations.push({ start: this.open.at + 1, end: text.length, closed: false });
      this.open = undefined;
    }
    return breaks;
  }

  /** What the character at `p` does to quotations: opens one, closes the open one, neither, or cannot tell yet. */
  private quoteRole(text: string, p: number, final: boolean): 'open' | 'close' | 'none' | 'wait' {
    const c = text[p]!;
    const straight = c === '"' || c === "'";
    if (this.open) {
      if (!this.open.closers.includes(c)) return 'none';
      if (!straight) return 'close';
      // A straight quote closes after a non-space and before a space, punctuation or the end of the text.
      if (p + 1 >= text.length && !final) return 'wait';
      const next = text[p + 1];
      return next === undefined || AFTER_CLOSING_QUOTE.test(next) ? 'close' : 'none';
    }
    if (!QUOTE_PAIRS.has(c)) return 'none';
    if (!straight) return 'open';
    // A straight quote opens after the start, a space or an opening bracket, before a non-space: "l'article",
    // "it's" and "Jones' car" open nothing.
    if (p + 1 >= text.length && !final) return 'wait';
    const prev = text[p - 1];
    const next = text[p + 1];
    if (next === undefined || isSpace(next.charCodeAt(0))) return 'none';
    return prev === undefined || BEFORE_OPENING_QUOTE.test(prev) ? 'open' : 'none';
  }
}

/** The characters `\s` matches, without a regular expression per character. */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** The sentences of a complete text, each a verbatim slice including the whitespace after it. */
export function sentencePieces(text: string): string[] {
  const breaks = new SentenceScanner({ holdInsideQuotes: false }).scan(text, true);
  const pieces: string[] = [];
  let start = 0;
  for (const at of breaks) {
    pieces.push(text.slice(start, at));
    start = at;
  }
  pieces.push(text.slice(start));
  return pieces;
}
