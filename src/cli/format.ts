import type { AnswerResult } from '../answer/types.js';

const SOURCE_LABELS = {
  en: { sources: 'Sources', translation: 'translation', original: 'Original' },
  fr: { sources: 'Sources', translation: 'traduction', original: 'Original' },
} as const;

/** The answer and its numbered sources as plain text for a terminal. */
export function formatForTerminal(result: AnswerResult): string {
  const words = SOURCE_LABELS[result.language];
  const lines = [result.answer];
  if (result.notice) lines.push(`(${result.notice})`);
  if (result.citations.length > 0) {
    lines.push('', `${words.sources}:`);
    for (const c of result.citations) {
      lines.push(`[${c.n}] ${c.label}${c.translated ? ` (${words.translation})` : ''}`);
      lines.push(`    ${c.quote}`);
      if (c.original) lines.push(`    ${words.original}: ${c.original}`);
    }
  }
  lines.push('', `— ${result.answerer} · ${result.embedder} · ${Math.round(result.timings.totalMs)} ms`);
  return lines.join('\n');
}
