import { KNOWLEDGE, type Language } from './language-data.js';
import { words } from './tokens.js';
import { fold } from './normalize.js';

/**
 * French or English, from the words people actually type: function words, casual forms ("koi", "pk", "stp",
 * "whats", "u") and accents. A text with no clue either way ("acme 2016") is not confident, and the
 * caller decides: the conversation's language, the member's locale, or the configured default.
 */
export interface DetectedLanguage {
  language: Language;
  confident: boolean;
}

const ELIDED = /(?:^|[^\p{L}])(?:l|d|qu|n|s|c|j|m|t)'\p{L}/u;
const ENGLISH_CONTRACTION = /\p{L}'(?:s|t|re|ve|ll|d|m)(?![\p{L}])/u;

function markerScores(text: string): { fr: number; en: number } {
  const folded = fold(text);
  let fr = 0;
  let en = 0;
  for (const word of words(text)) {
    const isFr = KNOWLEDGE.fr.markers.has(word) || KNOWLEDGE.fr.stopWords.has(word);
    const isEn = KNOWLEDGE.en.markers.has(word) || KNOWLEDGE.en.stopWords.has(word);
    // A word both languages use ("a", "on", "ok") says nothing.
    if (isFr && !isEn) fr += 1;
    if (isEn && !isFr) en += 1;
  }
  if (/[àâçéèêëîïôûùüÿœ]/i.test(text)) fr += 1;
  if (ELIDED.test(folded) && !ENGLISH_CONTRACTION.test(folded.replace(/\b(?:l|d|qu|n|s|c|j|m|t)'/g, ' '))) fr += 1;
  if (/\p{L}n't\b|\b(?:it|that|what|who|there|he|she)'s\b/u.test(folded)) en += 1;
  return { fr, en };
}

export function detectLanguage(text: string, fallback: Language): DetectedLanguage {
  const { fr, en } = markerScores(text);
  if (fr === en) return { language: fallback, confident: false };
  return { language: fr > en ? 'fr' : 'en', confident: true };
}
