import { KNOWLEDGE, LANGUAGES, type Language } from './language-data.js';
import { fold } from './normalize.js';

/**
 * Word-level analysis for French and English: tokens, casual spellings made standard, stop words removed, and
 * Snowball stems. Every text is stemmed in both languages (a set of at most two stems per word), so a question
 * and a passage meet whatever language each is in, and a short question of unknown language loses nothing.
 */

/**
 * Runs of capitalised words ("Marie Curie", "Acme Labs", "Jean-Luc"): how names stand in a text. For matchAll,
 * which works on a copy, so one pattern serves every caller.
 */
export const CAPITALISED = /(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}]*(?:[ -]\p{Lu}[\p{L}\p{N}]*)*/gu;

// French elisions (l’, d’, qu’…) come off the word they are glued to.
// Longest first: a glued particle has no apostrophe to stop at.
const ELIDED_PARTICLE = '(?:jusqu|lorsqu|puisqu|quoiqu|qu|l|d|j|m|n|s|t|c)';
const FRENCH_ELISION = new RegExp(`^${ELIDED_PARTICLE}'`);
// The same particle typed without its apostrophe ("lannee", "dacme", "quavec"): French elides before a vowel or a mute h.
const GLUED_ELISION = new RegExp(`^${ELIDED_PARTICLE}(?=[aeiouyh])`);
/** What is left of a glued elision must still be a word of its own. */
const MIN_UNGLUED = 3;

/**
 * Splits folded text into word tokens; French elisions (l’, d’, qu’) are removed. A hyphenated word counts as
 * its parts and as one word ("start-ups" → start, ups, startups), so "start ups", "startups" and "open source"
 * all meet it.
 */
export function words(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}'-]+/u)
    .flatMap((w) => {
      const bare = w.replace(/^[-']+|[-']+$/g, '').replace(FRENCH_ELISION, '').replace(/'s$/, '');
      const parts = bare.split(/['-]/).filter((p) => p.length > 0);
      // Only a compound of content words is also one word: "a-t-il" and "est-ce" are not.
      const compound = parts.length > 1 && bare.includes('-') && parts.every((p) => p.length > 1 && !isStopWord(p));
      return compound ? [...parts, parts.join('')] : parts;
    });
}

/**
 * The word a casual French writer glued an elided particle to ("lannee" → "annee", "quavec" → "avec"), or
 * undefined when the word does not start like one. Whether that word is real is for the caller to judge.
 */
export function withoutGluedElision(word: string): string | undefined {
  const rest = word.replace(GLUED_ELISION, '');
  return rest !== word && rest.length >= MIN_UNGLUED ? rest : undefined;
}

/**
 * "SaaS, PaaS or IaaS": the commas of a list of single words closed by a word that offers a choice ("or",
 * "ou") offer the same choice, and are written as that word ("SaaS or PaaS or IaaS"), so that each item is
 * weighed as a choice like the last.
 */
export function listedChoices(text: string, alternatives: (word: string) => boolean): string {
  return text.replace(LISTED, (list: string, items: string, space: string, closer: string) =>
    alternatives(fold(closer)) ? `${items.replace(/\s*,\s*/g, ` ${closer} `)}${space}${closer}` : list,
  );
}

const LISTED = /(\p{L}[\p{L}\p{N}-]*(?:\s*,\s*\p{L}[\p{L}\p{N}-]*)+),?(\s+)(\p{L}+)(?=\s)/gu;

/** Replaces casual spellings ("koi", "pk", "whats") by the standard words of the given language. */
export function standardWords(tokens: readonly string[], language: Language | undefined): string[] {
  const languages = language ? [language] : LANGUAGES;
  return tokens.flatMap((token) => {
    for (const lang of languages) {
      const standard = KNOWLEDGE[lang].casualForms.get(token);
      if (standard !== undefined) return words(standard);
    }
    return [token];
  });
}

/**
 * Words of phrases that only carry the sentence ("en train de faire quoi", "kind of big") blanked out: left
 * as gaps, so that the words on either side do not read as one name.
 */
export function withoutFillerPhrases(tokens: readonly string[], language: Language | undefined): string[] {
  const out = [...tokens];
  for (const lang of language ? [language] : LANGUAGES) {
    for (const phrase of fillerPhraseWords(lang)) {
      for (let i = 0; i + phrase.length <= out.length; i += 1) {
        if (phrase.every((w, j) => out[i + j] === w)) out.fill('', i, i + phrase.length);
      }
    }
  }
  return out;
}

const FILLER_PHRASE_WORDS = new Map<Language, string[][]>();

/** The filler phrases cut into words as questions are ("est-ce que" → est, ce, que), longest first. */
function fillerPhraseWords(language: Language): string[][] {
  let found = FILLER_PHRASE_WORDS.get(language);
  if (!found) {
    found = KNOWLEDGE[language].fillerPhrases.map((p) => words(p)).filter((p) => p.length > 0).sort((a, b) => b.length - a.length);
    FILLER_PHRASE_WORDS.set(language, found);
  }
  return found;
}

export interface Term {
  /** The folded word as written (after casual spellings were made standard). */
  word: string;
  /** Its Snowball stems in French and English; one when both agree. */
  stems: string[];
}

/** Stop words of both languages (from the `stopword` package): function words carry no topic. */
export function isStopWord(word: string): boolean {
  return KNOWLEDGE.fr.stopWords.has(word) || KNOWLEDGE.en.stopWords.has(word);
}

/** A speech verb of either language's lists ("said", "dit"): language knowledge, and content of a question. */
export function isSpeechWord(word: string): boolean {
  return LANGUAGES.some((lang) => KNOWLEDGE[lang].speechWords.has(word));
}

/** Common words of either language (a broad list): in a question, one the article never uses names no topic. */
export function isCommonWord(word: string): boolean {
  if (isSpeechWord(word)) return false;
  return KNOWLEDGE.fr.commonWords.has(word) || KNOWLEDGE.en.commonWords.has(word);
}

/** Words that only frame a question: question words of every answer type, and casual fillers ("hey", "stp"). */
export function isFrameWord(word: string): boolean {
  return LANGUAGES.some((lang) => KNOWLEDGE[lang].questionWords.has(word) || KNOWLEDGE[lang].fillers.has(word));
}

export function stemsOf(word: string): string[] {
  const fr = KNOWLEDGE.fr.stem(word);
  const en = KNOWLEDGE.en.stem(word);
  return fr === en ? [fr] : [fr, en];
}

/** The country (ISO code) a word names or qualifies, in either language ("suisses", "Suisse", "Swiss": CH). */
export function countryOf(word: string): string | undefined {
  return KNOWLEDGE.fr.countries.get(KNOWLEDGE.fr.stem(word)) ?? KNOWLEDGE.en.countries.get(KNOWLEDGE.en.stem(word));
}

/** Is the word a nationality adjective ("suédoise", "Brazilian"), in either language? */
export function isNationality(word: string): boolean {
  return KNOWLEDGE.fr.nationalities.has(KNOWLEDGE.fr.stem(word)) || KNOWLEDGE.en.nationalities.has(KNOWLEDGE.en.stem(word));
}

/**
 * Content terms of a text: stop words and words that only frame a question removed, the rest stemmed.
 * `language` says which casual spellings apply; without it, both languages' do.
 */
export function terms(text: string, language?: Language): Term[] {
  return standardWords(words(text), language)
    .filter((w) => !isStopWord(w) && !isFrameWord(w) && (w.length > 1 || /\d/.test(w)))
    .map((word) => ({ word, stems: stemsOf(word) }));
}
