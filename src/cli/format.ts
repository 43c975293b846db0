/**
 * How an answer reads in a terminal (`npm run ask`, `npm run chat`): wrapped at the terminal's width, each
 * quote printed once, the technical footer only when asked for.
 */
import type { AnswerResult } from '../answer/types.js';
import { t } from '../strings/index.js';

/** Sources' quotes sit under their label, indented this much. */
const QUOTE_INDENT = '    ';

export interface TerminalOptions {
  /** Columns to wrap at (the terminal's width); no wrapping when undefined, as when the output is a pipe. */
  width?: number;
  /** Adds the `answerer · embedder · ms` footer. */
  verbose?: boolean;
}

/** The answer and its numbered sources as plain text for a terminal. */
export function formatForTerminal(result: AnswerResult, options: TerminalOptions = {}): string {
  const { width } = options;
  const lang = result.language;
  const lines = [wrap(result.answer, width)];
  if (result.notice) lines.push(wrap(`(${result.notice})`, width));
  if (result.citations.length > 0) {
    lines.push('', `${t('cli.sources', lang)}:`);
    for (const c of result.citations) {
      lines.push(wrap(`[${c.n}] ${c.label}${c.translated ? ` (${t('cli.translation', lang)})` : ''}`, width, '', QUOTE_INDENT));
      // The extractive answer is made of its quotes: they are printed there, not a second time here.
      if (!result.answer.includes(c.quote)) lines.push(wrap(c.quote, width, QUOTE_INDENT));
      if (c.original) lines.push(wrap(`${t('cli.original', lang)}: ${c.original}`, width, QUOTE_INDENT));
    }
  }
  if (options.verbose) lines.push('', `— ${result.answerer} · ${result.embedder} · ${Math.round(result.timings.totalMs)} ms`);
  return lines.join('\n');
}

/**
 * Wraps each line of `text` at `width` columns, breaking only at ordinary spaces (never at the no-break
 * spaces French puts inside « » and before : ; ? !). A word longer than a line stays whole. The first line
 * starts with `firstIndent`, every other line with `restIndent`.
 */
export function wrap(text: string, width: number | undefined, firstIndent = '', restIndent = firstIndent): string {
  return text
    .split('\n')
    .map((paragraph, i) => wrapLine(paragraph, width, i === 0 ? firstIndent : restIndent, restIndent))
    .join('\n');
}

function wrapLine(line: string, width: number | undefined, first: string, rest: string): string {
  if (width === undefined) return first + line;
  const out: string[] = [];
  let current = first;
  let empty = true;
  for (const word of line.split(/ +/).filter(Boolean)) {
    if (!empty && columns(current) + 1 + columns(word) > width) {
      out.push(current);
      current = rest + word;
    } else current += (empty ? '' : ' ') + word;
    empty = false;
  }
  out.push(current);
  return out.join('\n');
}

/** Characters as a terminal counts them, near enough: code points, not UTF-16 units. */
function columns(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}
