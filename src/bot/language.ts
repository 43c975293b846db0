/** The language of what the bot writes before (or instead of) an answer, by the engine's own rule. */
import type { Language } from '../corpus/article.js';
import { detectLanguage } from '../text/detect-language.js';

/** The language of a note about a question: the question's, or the deployment's DEFAULT_LANGUAGE when unclear. */
export function questionLanguage(question: string, fallback: Language): Language {
  return detectLanguage(question, fallback).language;
}

/** A guess from Discord's locale for messages that have no question to take the language from. */
export function languageOfLocale(locale: string | null | undefined, fallback: Language): Language {
  const lower = locale?.toLowerCase() ?? '';
  if (lower.startsWith('fr')) return 'fr';
  if (lower.startsWith('en')) return 'en';
  return fallback;
}
