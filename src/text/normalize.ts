/** Text hygiene shared by every front end: what a question may contain before it reaches the engine. */

import { MESSAGE_MAX } from '../discord-limits.js';

/** A question is at most one Discord message long, whichever front end it comes through. */
export const MAX_QUESTION_CHARS = MESSAGE_MAX;

// C0/C1 controls except tab and newline, plus zero-width and bidirectional marks that hide or reorder text.
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\uFFF9-\uFFFB]/g;

/** Strips control and invisible characters, folds whitespace and applies NFC. */
export function cleanText(raw: string): string {
  return raw.normalize('NFC').replace(INVISIBLE, '').replace(/[ \t]*\n[ \t]*/g, '\n').replace(/[ \t]+/g, ' ').trim();
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
  return text.replace(/@(everyone|here)\b/g, '@\u2060$1').replace(/<@([!&]?)(\d+)>/g, '<@\u2060$1$2>');
}
