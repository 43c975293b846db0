/** Text hygiene shared by every front end: what a question, or a model's answer, may contain before it is used. */

import { MESSAGE_MAX } from '../discord-limits.js';

/** A question is at most one Discord message long, whichever front end it comes through. */
export const MAX_QUESTION_CHARS = MESSAGE_MAX;

/**
 * C0/C1 controls except tab and newline; zero-width, bidirectional and other invisible marks that hide or reorder
 * text (soft hyphen, Arabic letter mark, Mongolian vowel separator, Hangul fillers, interlinear annotations); and
 * the Unicode tag characters, which can spell hidden ASCII.
 */
const INVISIBLE =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\u{E0000}-\u{E007F}]/gu;
/** A character carries at most this many combining marks; more is "zalgo" text that overflows lines. */
/** Halves of surrogate pairs that lost their other half: shown as U+FFFD, as a browser would. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const MAX_MARKS_PER_CHARACTER = 4;
const EXTRA_MARKS = new RegExp(`(\\p{M}{${MAX_MARKS_PER_CHARACTER}})\\p{M}+`, 'gu');
// Every pattern below is linear: each run is matched once, greedily, with nothing after it to backtrack into.
const HORIZONTAL_SPACE_RUN = /[^\S\n]+/g;
const SPACE_AROUND_NEWLINE = /[^\S\n]?\n[^\S\n]?/g;
const BLANK_LINES = /\n{3,}/g;

/**
 * The cleaning without the final trim: what `cleanText` does, for a piece of a longer text. Cleaning a text in
 * pieces gives the same result as cleaning it whole, as long as each cut falls before a character that starts
 * a new grapheme and outside a whitespace run (see `StreamCleaner` in src/answer/model-output.ts).
 */
export function cleanPiece(raw: string): string {
  return raw
    .replace(LONE_SURROGATE, '\uFFFD')
    // Before NFC, so that a mark an invisible character kept apart composes the same way in every piece.
    .replace(INVISIBLE, '')
    .normalize('NFC')
    .replace(EXTRA_MARKS, '$1')
    .replace(HORIZONTAL_SPACE_RUN, (run) => (run.length === 1 && run !== '\t' ? run : ' '))
    .replace(SPACE_AROUND_NEWLINE, '\n')
    .replace(BLANK_LINES, '\n\n');
}

/**
 * Strips control and invisible characters, caps combining marks, collapses whitespace runs (a run of spaces to
 * one space, of blank lines to one blank line; a single no-break space stays) and applies NFC. Linear in the
 * length of the text: a model's 50,000-character answer goes through it too.
 */
export function cleanText(raw: string): string {
  return cleanPiece(raw).trim();
}

/** Lower-case, without diacritics, typographic apostrophes made plain: the form every comparison uses. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[’‘`´]/g, "'")
    .toLowerCase();
}

/**
 * Breaks @everyone, @here and user or role mention syntax with an invisible word joiner, so that text read
 * anywhere (a terminal, a log, a Discord message sent without allowedMentions) pings no one.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(/@(everyone|here)/g, '@\u2060$1').replace(/<@([!&]?)(\d+)>/g, '<@\u2060$1$2>');
}
