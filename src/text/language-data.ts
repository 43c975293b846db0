import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import snowball from 'snowball-stemmers';
import { eng as englishStopWords, fra as frenchStopWords } from 'stopword';
import { DATA_DIR } from '../paths.js';
import { fold } from './normalize.js';
import { PhraseList } from './phrase-list.js';

/**
 * Language knowledge, one table per language: stemmers and stop words from maintained packages, and the
 * generic lists of data/lang/<lang>.json (question words per answer type, speech verbs, casual spellings).
 * Nothing here knows the article; everything the rest of the engine knows about French or English comes
 * from this module.
 */

export type Language = 'fr' | 'en';
export const LANGUAGES: readonly Language[] = ['fr', 'en'];

export type AnswerType = 'year' | 'quantity' | 'place' | 'person' | 'reason' | 'definition' | 'statement';

interface LanguageFile {
  language: Language;
  stemmer: string;
  markers: string[];
  casualForms: Record<string, string>;
  answerTypes: Record<AnswerType, string[]>;
  timeExpressions: string[];
  speechMarkers: string[];
  speakerIntroducers: string[];
  placePrepositions: string[];
  backReferences: string[];
  followUpOpeners: string[];
  partJoiners: string[];
  alternatives: string[];
  pronouns: string[];
  fillers: string[];
  fillerPhrases: string[];
  summaryRequests: string[];
  sourceReferences: string[];
  thanks: string[];
  countPhrases: string[];
  durationUnits: string[];
  nameAskers: string[];
  namedKinds: string[];
  definiteDeterminers: string[];
  groupQuantifiers: string[];
  precisionRequests: string[];
}

export interface LanguageKnowledge {
  language: Language;
  stem(word: string): string;
  /** The stems worked out so far, by word: saved with the article's derived data, so a start need not redo them. */
  stemsKnown(): Record<string, string>;
  /** Takes stems worked out before (by `stemsKnown`, with the same stemmer). */
  rememberStems(stems: Record<string, string>): void;
  stopWords: ReadonlySet<string>;
  /**
   * A broader list of common words (stopwords-iso): too broad to drop from the article ("open", "group",
   * "research" are in it), it says which words of a question that the article never uses carry no topic.
   */
  commonWords: ReadonlySet<string>;
  markers: ReadonlySet<string>;
  casualForms: ReadonlyMap<string, string>;
  answerTypes: ReadonlyMap<AnswerType, PhraseList>;
  /** Single words of the answer-type lists: they say what is asked, never what it is about. */
  questionWords: ReadonlySet<string>;
  /** Single words of the speech list ("said", "dit"): content, since "what did X say" is about what was said. */
  speechWords: ReadonlySet<string>;
  /** Words that date something without a year ("recently", "à cette époque"): they answer "when" too. */
  timeExpressions: PhraseList;
  speechMarkers: PhraseList;
  /** "d'après", "according to": the name right after them is who spoke, not who did what the sentence tells. */
  speakerIntroducers: PhraseList;
  placePrepositions: ReadonlySet<string>;
  backReferences: PhraseList;
  followUpOpeners: PhraseList;
  /** "et", "and also": what joins a second question to a first in one message. */
  partJoiners: PhraseList;
  /** "ou", "or": the words that offer a choice ("SaaS or PaaS?"). */
  alternatives: ReadonlySet<string>;
  pronouns: ReadonlySet<string>;
  fillers: ReadonlySet<string>;
  /** Phrases that only carry the sentence ("en train de", "kind of"): their words name no topic, each alone may. */
  fillerPhrases: readonly string[];
  summaryRequests: PhraseList;
  /** "According to the article", "on m'a dit": where the member says a claim comes from, never someone the article quotes. */
  sourceReferences: PhraseList;
  thanks: PhraseList;
  /** "combien de", "how many": what follows names the thing counted. */
  countPhrases: PhraseList;
  /** Stems of the units of time ("years", "mois"): counting them ("how many years between…") is answered by dates. */
  durationUnits: ReadonlySet<string>;
  /** "which", "quels sont les", cut into words, longest first: they ask which of a kind of thing is meant. */
  nameAskers: readonly string[][];
  /** Stems of the kinds of agent whose instances are answered by their names ("providers", "fournisseurs"). */
  namedKinds: ReadonlySet<string>;
  /** Singular "la", "the", "cette": before a kind of agent ("la firme chinoise") they point at a name given before. */
  definiteDeterminers: ReadonlySet<string>;
  /** "de nombreuses", "many": before a kind of agent ("many companies") they name a group, which answers "who". */
  groupQuantifiers: ReadonlySet<string>;
  /** "exactement", "what day": the question wants a precise value, and "recently" is none. */
  precisionRequests: PhraseList;
  /**
   * The country a word names or qualifies, by its stem ("suisses" and "Suisse" → CH, "Brazilian" → BR): its nationality
   * adjective and its one-word names, from i18n-nationality and i18n-iso-countries. A stem two countries share is left out.
   */
  countries: ReadonlyMap<string, string>;
  /** Stems of the nationality adjectives alone ("suisse", "brazilian"): a country given as what something is. */
  nationalities: ReadonlySet<string>;
}

export const LANGUAGE_DIR = path.join(DATA_DIR, 'lang');

const PACKAGE_STOP_WORDS: Record<Language, readonly string[]> = { fr: frenchStopWords, en: englishStopWords };
// Read, not imported: a bundle would carry the lists of every language as code to compile at each start.
const packageFile = (file: string) => createRequire(import.meta.url).resolve(file);
const COMMON_WORDS_FILE = packageFile('stopwords-iso/stopwords-iso.json');
const countryFiles = (language: Language) => ({
  nationalities: packageFile(`i18n-nationality/langs/${language}.json`),
  names: packageFile(`i18n-iso-countries/langs/${language}.json`),
});
const commonWordLists = JSON.parse(readFileSync(COMMON_WORDS_FILE, 'utf8')) as Record<string, string[]>;
const PACKAGE_COMMON_WORDS: Record<Language, readonly string[]> = { fr: commonWordLists.fr!, en: commonWordLists.en! };

/** The files of the language packages read as data: what the article's derived data also depends on. */
export const LANGUAGE_PACKAGE_FILES = [COMMON_WORDS_FILE, ...(['fr', 'en'] as const).flatMap((lang) => Object.values(countryFiles(lang)))];

/** A country's nationality adjective and its names in one language, by ISO code. */
function countryWords(language: Language): { nationalities: Map<string, string>; names: Map<string, string[]> } {
  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string | string[]>>;
  const files = countryFiles(language);
  const nationalities = new Map(Object.entries(read(files.nationalities).nationalities!).map(([code, n]) => [code, String(n)]));
  const names = new Map(Object.entries(read(files.names).countries!).map(([code, n]) => [code, [n].flat()]));
  return { nationalities, names };
}

/**
 * Stems of the words that name a country, to its code: the nationality adjective and the names of one word, a
 * hyphenated one as one word ("États-Unis"); each word of a longer name ("République tchèque") says too little alone.
 * Stop and common words ("us") name nothing, and a stem two countries share names neither.
 */
function countryStems(language: Language, stem: (word: string) => string, ignored: (word: string) => boolean): { countries: Map<string, string>; nationalities: Set<string> } {
  const { nationalities, names } = countryWords(language);
  const byStem = new Map<string, string | null>();
  const nationalityStems = new Set<string>();
  const add = (word: string, code: string, nationality: boolean) => {
    const folded = fold(word).replace(/-/g, '');
    if (!/^\p{L}+$/u.test(folded) || folded.length < 3 || ignored(folded)) return;
    const stemmed = stem(folded);
    const seen = byStem.get(stemmed);
    byStem.set(stemmed, seen === undefined || seen === code ? code : null);
    if (nationality) nationalityStems.add(stemmed);
  };
  for (const [code, adjective] of nationalities) add(adjective, code, true);
  for (const [code, list] of names) for (const name of list) add(name, code, false);
  const countries = new Map([...byStem].filter((entry): entry is [string, string] => entry[1] !== null));
  return { countries, nationalities: new Set([...nationalityStems].filter((s) => countries.has(s))) };
}

function build(file: LanguageFile): LanguageKnowledge {
  const stemmer = snowball.newStemmer(file.stemmer);
  const cache = new Map<string, string>();
  const questionWords = new Set<string>();
  const answerTypes = new Map<AnswerType, PhraseList>();
  for (const [type, phrases] of Object.entries(file.answerTypes) as [AnswerType, string[]][]) {
    answerTypes.set(type, new PhraseList(phrases));
    // Speech verbs are content ("what did X say"), the other types' single words only frame the question.
    if (type !== 'statement') for (const phrase of phrases) if (!phrase.includes(' ')) questionWords.add(fold(phrase));
  }
  const folded = (list: readonly string[]) => new Set(list.map(fold));
  const stopWords = folded(PACKAGE_STOP_WORDS[file.language]);
  const commonWords = folded(PACKAGE_COMMON_WORDS[file.language]);
  // Worked out when a question first needs them (a start that answers nothing never does), and stemmed outside the
  // cache, which is saved with each article's data: the countries' words are no article's.
  let countryTable: ReturnType<typeof countryStems> | undefined;
  const countryTables = () => (countryTable ??= countryStems(file.language, (w) => stemmer.stem(w), (w) => stopWords.has(w) || commonWords.has(w)));
  return {
    language: file.language,
    stem(word) {
      let stemmed = cache.get(word);
      if (stemmed === undefined) {
        stemmed = /^\d+$/.test(word) ? word : stemmer.stem(word);
        cache.set(word, stemmed);
      }
      return stemmed;
    },
    stemsKnown: () => Object.fromEntries(cache),
    rememberStems(stems) {
      for (const [word, stem] of Object.entries(stems)) if (typeof stem === 'string') cache.set(word, stem);
    },
    stopWords,
    commonWords,
    markers: folded(file.markers),
    casualForms: new Map(Object.entries(file.casualForms).map(([k, v]) => [fold(k), fold(v)])),
    answerTypes,
    questionWords,
    speechWords: new Set(file.answerTypes.statement.filter((p) => !p.includes(' ')).map(fold)),
    timeExpressions: new PhraseList(file.timeExpressions),
    speechMarkers: new PhraseList(file.speechMarkers),
    speakerIntroducers: new PhraseList(file.speakerIntroducers),
    placePrepositions: folded(file.placePrepositions),
    backReferences: new PhraseList(file.backReferences),
    followUpOpeners: new PhraseList(file.followUpOpeners),
    partJoiners: new PhraseList(file.partJoiners),
    alternatives: folded(file.alternatives),
    pronouns: folded(file.pronouns),
    fillers: folded(file.fillers),
    fillerPhrases: file.fillerPhrases.map(fold),
    summaryRequests: new PhraseList(file.summaryRequests),
    sourceReferences: new PhraseList(file.sourceReferences),
    thanks: new PhraseList(file.thanks),
    countPhrases: new PhraseList(file.countPhrases),
    durationUnits: new Set(file.durationUnits.map((w) => stemmer.stem(fold(w)))),
    nameAskers: file.nameAskers.map((p) => fold(p).split(' ')).sort((a, b) => b.length - a.length),
    namedKinds: new Set(file.namedKinds.map((w) => stemmer.stem(fold(w)))),
    definiteDeterminers: folded(file.definiteDeterminers),
    groupQuantifiers: folded(file.groupQuantifiers),
    precisionRequests: new PhraseList(file.precisionRequests),
    get countries() {
      return countryTables().countries;
    },
    get nationalities() {
      return countryTables().nationalities;
    },
  };
}

function load(language: Language): LanguageKnowledge {
  const file = path.join(LANGUAGE_DIR, `${language}.json`);
  try {
    return build(JSON.parse(readFileSync(file, 'utf8')) as LanguageFile);
  } catch (error) {
    throw new Error(`cannot read the language data ${file}: ${(error as Error).message}`);
  }
}

/**
 * Folded text with casual spellings replaced word for word ("c koi" → "c'est quoi", "whats" → "what is"),
 * punctuation kept apart: the form the phrase lists are matched against.
 */
export function standardText(text: string, languages: readonly Language[]): string {
  return fold(text)
    .split(/([^\p{L}\p{N}'-]+)/u)
    .map((token) => {
      for (const lang of languages) {
        const standard = KNOWLEDGE[lang].casualForms.get(token);
        if (standard !== undefined) return standard;
      }
      return token;
    })
    .join('')
    .replace(/[^\p{L}\p{N}'-]+/gu, ' ')
    .trim();
}

/** Both languages, loaded once: a few kilobytes of data every question reads. */
export const KNOWLEDGE: Readonly<Record<Language, LanguageKnowledge>> = { fr: load('fr'), en: load('en') };
