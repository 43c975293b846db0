/** The engine's own sentences (refusals, the words around quotes), read from the strings table (src/strings). */
import type { Language } from '../corpus/article.js';
import { t } from '../strings/index.js';
import type { RefusalReason } from './types.js';

export function refusalText(reason: RefusalReason, lang: Language, values: Record<string, string | number> = {}): string {
  return t(`refusal.${reason}`, lang, values);
}

export function nearestPassageText(lang: Language, label: string): string {
  return t('nearestPassage', lang, { label });
}

export function quoteIntro(lang: Language, translated: boolean): string {
  return t(translated ? 'quoteIntroTranslated' : 'quoteIntro', lang);
}

/** A hedged reply: the closest quote, offered as such, never as the answer. */
export function uncertainText(lang: Language, quotes: string): string {
  return t('uncertainQuote', lang, { quotes });
}

/** The short answer a reply leads with (a year, names, places), in bold, before the quote that holds it. */
export function answerLead(span: readonly string[]): string {
  return span.length ? `**${span.join(', ')}** — ` : '';
}

/** What stands where a model's answer had a link that is not in the article. */
export const LINK_REMOVED: Record<Language, string> = { en: t('linkRemoved', 'en'), fr: t('linkRemoved', 'fr') };

export const LLM_FALLBACK_NOTICE: Record<Language, string> = { en: t('llmFallback', 'en'), fr: t('llmFallback', 'fr') };

/** Quotation marks of each language; the French ones take narrow no-break spaces. */
export function quoted(text: string, lang: Language): string {
  return lang === 'fr' ? `«\u202F${text}\u202F»` : `“${text}”`;
}
