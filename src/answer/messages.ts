import type { Language } from '../corpus/article.js';
import type { RefusalReason } from './types.js';

/** Every sentence the engine itself writes, in both languages. */
const REFUSALS: Record<RefusalReason, Record<Language, string>> = {
  empty: {
    en: 'Please ask a question about the article.',
    fr: 'Posez une question sur l’article.',
  },
  too_long: {
    en: 'That question is too long ({length} characters; the limit is {max}). Please shorten it.',
    fr: 'Cette question est trop longue ({length} caractères ; la limite est {max}). Raccourcissez-la.',
  },
  off_topic: {
    en: 'The article doesn’t cover that. I only answer questions about “{title}”.',
    fr: 'L’article n’en parle pas. Je ne réponds qu’aux questions sur « {title} ».',
  },
  not_in_article: {
    en: 'The article doesn’t say.',
    fr: 'L’article ne le précise pas.',
  },
  injection: {
    en: 'I can’t do that. I only answer questions about the article, with quotes from it.',
    fr: 'Je ne peux pas faire cela. Je réponds seulement aux questions sur l’article, en le citant.',
  },
  no_valid_citation: {
    en: 'The article doesn’t say.',
    fr: 'L’article ne le précise pas.',
  },
};

const NEAREST: Record<Language, string> = {
  en: 'The closest passage is {label}.',
  fr: 'Le passage le plus proche : {label}.',
};

const QUOTE_INTRO: Record<Language, { original: string; translated: string }> = {
  en: { original: 'The article says:', translated: 'The article says (our translation from the French):' },
  fr: { original: 'L’article indique :', translated: 'L’article indique (traduction) :' },
};

/** What stands where a model's answer had a link that is not in the article. */
export const LINK_REMOVED: Record<Language, string> = {
  en: '(link removed)',
  fr: '(lien retiré)',
};

export const LLM_FALLBACK_NOTICE: Record<Language, string> = {
  en: 'The language model did not answer, so this is the quote-only answer.',
  fr: 'Le modèle de langue n’a pas répondu : voici la réponse par citations.',
};

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}

export function refusalText(reason: RefusalReason, lang: Language, values: Record<string, string | number> = {}): string {
  return fill(REFUSALS[reason][lang], values);
}

export function nearestPassageText(lang: Language, label: string): string {
  return fill(NEAREST[lang], { label });
}

export function quoteIntro(lang: Language, translated: boolean): string {
  return translated ? QUOTE_INTRO[lang].translated : QUOTE_INTRO[lang].original;
}

/** Quotation marks of each language; the French ones take narrow no-break spaces. */
export function quoted(text: string, lang: Language): string {
  return lang === 'fr' ? `«\u202F${text}\u202F»` : `“${text}”`;
}
