import type { AnswerResult } from '../answer/types.js';
import { t } from '../strings/index.js';

/** The answer and its numbered sources as plain text for a terminal. */
export function formatForTerminal(result: AnswerResult): string {
  const lang = result.language;
  const lines = [result.answer];
  if (result.notice) lines.push(`(${result.notice})`);
  if (result.citations.length > 0) {
    lines.push('', `${t('cli.sources', lang)}:`);
    for (const c of result.citations) {
      lines.push(`[${c.n}] ${c.label}${c.translated ? ` (${t('cli.translation', lang)})` : ''}`);
      lines.push(`    ${c.quote}`);
      if (c.original) lines.push(`    ${t('cli.original', lang)}: ${c.original}`);
    }
  }
  lines.push('', `— ${result.answerer} · ${result.embedder} · ${Math.round(result.timings.totalMs)} ms`);
  return lines.join('\n');
}
