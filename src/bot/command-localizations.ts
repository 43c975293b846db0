/**
 * Slash command names and descriptions come from the string tables like every other word a member reads:
 * English is what Discord registers, French its localisation for members whose Discord is in French.
 */
import type { StringKey } from '../strings/index.js';
import { t } from '../strings/index.js';

/** The English text of a command's name or description. */
export function english(key: StringKey): string {
  return t(key, 'en');
}

/** The localisations Discord shows instead, by Discord locale. */
export function localizations(key: StringKey): { fr: string } {
  return { fr: t(key, 'fr') };
}
