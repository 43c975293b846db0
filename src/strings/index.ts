/**
 * The one way to a sentence for a person: a key of the per-language tables (en.ts, fr.ts) and `{name}` values
 * filled in. Nothing else knows where strings come from.
 */
import type { Language } from '../corpus/article.js';
import { en } from './en.js';
import { fr } from './fr.js';

export type StringKey = keyof typeof en;

const TABLES: Record<Language, Record<StringKey, string>> = { en, fr };

export function t(key: StringKey, lang: Language, values: Record<string, string | number> = {}): string {
  return TABLES[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

