import { fold } from '../text/normalize.js';

/**
 * Invented quotations: words a model puts between quotation marks, or in a `>` blockquote, that no supplied
 * passage contains. The quotation marks themselves are found by SentenceScanner (src/text/sentence-breaks.ts)
 * in the same pass that finds sentence ends; this module only compares what they enclose with the sources.
 */

/** A quotation shorter than this many words ("the market") is a phrase, not a claim about what someone said. */
const MIN_QUOTED_WORDS = 4;
const MARKERS = /\[\d{1,3}\]/g;
const EDGE_PUNCTUATION = new Set([...'.,;:!?…"\'“”«»„‘’‚‹› ']);

/** The sources as one folded text with single spaces, to search quotations in. */
export function quotationHaystack(sources: readonly string[]): string {
  return sources.map(squash).join('\n');
}

/** Whether `quoted` (the text between the marks, or of a blockquote line) is four words or more found in no source. */
export function isInventedQuotation(quoted: string, haystack: string): boolean {
  const inner = trimEdges(squash(quoted.replace(MARKERS, ' ')));
  if (inner.split(' ').length < MIN_QUOTED_WORDS) return false;
  // A quotation may leave words out: each part between ellipses must be in the sources.
  return inner
    .split(/\s*(?:…|\.\.\.)\s*/)
    .map(trimEdges)
    .filter(Boolean)
    .some((part) => !haystack.includes(part));
}

function squash(text: string): string {
  return fold(text).replace(/\s+/g, ' ').trim();
}

/** Punctuation and quote marks at either end, removed without a backtracking `[…]+$`. */
function trimEdges(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && EDGE_PUNCTUATION.has(text[start]!)) start += 1;
  while (end > start && EDGE_PUNCTUATION.has(text[end - 1]!)) end -= 1;
  return text.slice(start, end);
}
