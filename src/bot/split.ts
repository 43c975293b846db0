import { sentencePieces } from '../text/sentence-breaks.js';

/**
 * Splitting long text for Discord's length limits: at paragraph boundaries first, then sentences, then words.
 * A `[n]` citation marker always stays with the text before it, so no piece starts or ends inside a citation.
 * Every level is linear in the text's length: a model's answer can be a 50,000-character run of anything.
 */

// A break after blank lines (the look-behind only runs where the character before is a newline).
const PARAGRAPH_BREAK = /(?<=\n[ \t]*\n)(?=\S)/;
// A break between words, except before a citation marker.
const WORD_BREAK = /(?<=\s)(?=\S)(?!\[\d{1,3}\])/;

// After a sentence end, its closing quotes and its citation markers, when a new sentence follows.
const LEVELS: ((text: string) => string[])[] = [(text) => text.split(PARAGRAPH_BREAK), sentencePieces, (text) => text.split(WORD_BREAK)];
const WORD_LEVEL = 2;

/** Splits `text` into trimmed pieces of at most `max` characters each. */
export function splitText(text: string, max: number): string[] {
  if (max < 1) throw new RangeError('max must be at least 1');
  return splitAt(text.trim(), max, 0).filter((piece) => piece.length > 0);
}

function splitAt(text: string, max: number, level: number): string[] {
  if (text.length <= max) return [text];
  const split = LEVELS[level];
  // A single word longer than a whole message (a pasted URL) cannot be kept whole.
  if (!split) return hardCut(text, max);
  const pieces: string[] = [];
  let current = '';
  // Each part after the first starts with a non-space (the text is trimmed), so the trimmed length of
  // `current + part` is `current.length` plus the part's trimmed length: no string is rebuilt to measure it.
  for (const part of split(text)) {
    if (current.length + part.trimEnd().length <= max) {
      current += part;
      continue;
    }
    if (current.trim()) pieces.push(current.trim());
    current = '';
    if (part.trimEnd().length <= max) current = part;
    else pieces.push(...splitAt(part.trim(), max, level + 1));
  }
  if (current.trim()) pieces.push(current.trim());
  return pieces;
}

function hardCut(text: string, max: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += max) pieces.push(text.slice(i, i + max));
  return pieces;
}

/** At most `max` characters of `text`, cut between words and marked with an ellipsis when shortened. */
export function truncate(text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  const head = splitAt(trimmed, max - 1, WORD_LEVEL)[0] ?? '';
  return `${head}…`;
}
