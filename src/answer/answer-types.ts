import { type AnswerType, KNOWLEDGE, LANGUAGES, type Language } from '../text/language-data.js';
import { fold } from '../text/normalize.js';
import { CAPITALISED, countryOf, isNationality, stemsOf, terms, words } from '../text/tokens.js';
import { wordsOfNames } from './question.js';

/**
 * Does a sentence hold the kind of answer a question asks for, and which words of it are that answer? "When"
 * wants a year, "who" a name the question does not already contain, "where" a place after a preposition,
 * "how many" a count of the thing asked about, "what did X say" reported speech, "what is X" a definition of X.
 */

const YEAR = /(?<!\d)(?:1[89]|20)\d\d(?!\d)/g;
// A count or an amount; a year is a date, not a quantity.
const COUNT_WORDS = new Set(
  'two three four five six seven eight nine ten eleven twelve dozen hundred hundreds thousand thousands million millions billion billions deux trois quatre cinq six sept huit neuf dix onze douze douzaine cent centaine centaines mille million millions milliard milliards'.split(' '),
);

export interface TypeContext {
  /** The question's folded content words and the article names it mentions. */
  questionWords: ReadonlySet<string>;
  /** The phrase that names what is counted ("factories" in "how many factories"), folded. */
  counted?: string[];
  /** What is counted is time ("how many years between…"): the dates a sentence gives answer it. */
  duration?: boolean;
  language: Language;
  /** Proper names of the article's own text, folded: who can answer "who". */
  properNames: ReadonlySet<string>;
  /** Words of more than one of the article's names: a question using one alone names none of them. */
  sharedNameWords: ReadonlySet<string>;
  /** The question names someone or something and asks nothing else of it ("who is X?", "c'est qui X"). */
  asksIdentity?: boolean;
  /** The article's names the question mentions, folded ("acme labs"). */
  subjects?: readonly string[];
  /** "Which companies…" wants their names; "who…" is also answered by a group ("many start-ups"). */
  namesWanted?: boolean;
  /** The question asks what was said or who said it: whoever a sentence quotes answers it. */
  asksSpeaker?: boolean;
  /** The question asks for a precise value: words that date something only vaguely ("recently") do not answer it. */
  precise?: boolean;
}

function isCount(token: string): boolean {
  const bare = token.replace(/^[^\p{L}\d]+|[^\p{L}\d]+$/gu, '');
  if (/^\d[\d.,]*$/.test(bare)) return !/^(?:1[89]|20)\d\d$/.test(bare);
  return COUNT_WORDS.has(bare);
}

/** The sentence with its first word in lower case, unless that word is one of the article's names ("Acme a…"). */
function withoutOpeningCapital(sentence: string, context: TypeContext): string {
  return sentence.replace(/^\S+/, (first) => (words(first).every((w) => context.properNames.has(w)) ? first : first.toLowerCase()));
}

/**
 * Names in the sentence (its first word aside, unless it is a name) that the question does not mention. A question
 * mentions a name by all its words, or by one no other name has: "web" alone does not mention "Acme Web", which
 * answers "who put Web Labs on their web?", but "globex" mentions "Globex Research".
 */
export function newNames(sentence: string, context: TypeContext): string[] {
  const asked = context.questionWords;
  const mentioned = (name: string[]) => name.every((w) => asked.has(w)) || name.some((w) => asked.has(w) && !context.sharedNameWords.has(w));
  return [...withoutOpeningCapital(sentence, context).matchAll(CAPITALISED)].map((m) => m[0]).filter((name) => !mentioned(words(name)));
}

/** Names of people or organisations: new names that the article's own text writes as proper names. */
export function people(sentence: string, context: TypeContext): string[] {
  return newNames(withoutSpeakers(sentence, context), context).filter((name) => words(name).every((w) => context.properNames.has(w)));
}

/**
 * "D'après X, CTO de Y, Z veut…" tells who spoke, not who did what it tells: X (and what the sentence calls X)
 * answers "who" only when the question asks who said it, or names what X is called ("qui est le CTO de Y ?").
 * The sentence comes back with such speakers blanked out.
 */
export function withoutSpeakers(sentence: string, context: TypeContext): string {
  if (context.asksSpeaker) return sentence;
  const nameWords = wordsOfNames(context.subjects ?? []);
  let out = sentence;
  for (const match of sentence.matchAll(CAPITALISED)) {
    const before = fold(sentence.slice(Math.max(0, match.index - 24), match.index));
    if (!LANGUAGES.some((lang) => KNOWLEDGE[lang].speakerIntroducers.closes(before))) continue;
    const after = sentence.slice(match.index + match[0].length);
    const apposition = /^\s*,[^,.;:]*/u.exec(after)?.[0] ?? '';
    const called = ` ${words(apposition).join(' ')} `;
    const named = (context.subjects ?? []).some((n) => called.includes(` ${n} `));
    if (named || terms(apposition).some((t) => context.questionWords.has(t.word) && !nameWords.has(t.word))) continue;
    const end = match.index + match[0].length + apposition.length;
    out = out.slice(0, match.index) + ' '.repeat(end - match.index) + out.slice(end);
  }
  return out;
}

/**
 * The names a "who" answer leads with: the first one, and those joined to it by "and", "et" or a comma
 * ("Pierre et Marie Curie"), not every name the sentence happens to contain.
 */
export function leadingPeople(sentence: string, context: TypeContext): string[] {
  const found = people(sentence, context);
  if (found.length === 0) return [];
  const run = [found[0]!];
  let rest = sentence.slice(sentence.indexOf(found[0]!) + found[0]!.length);
  for (const name of found.slice(1)) {
    const at = rest.indexOf(name);
    if (at < 0 || !/^\s*(?:,|et|and|&)\s*$/iu.test(rest.slice(0, at))) break;
    run.push(name);
    rest = rest.slice(at + name.length);
  }
  return run;
}

/** Places: names that follow a place preposition of the sentence's language ("à Genève", "in Boston"). */
export function places(sentence: string, language: Language, context: TypeContext): string[] {
  const prepositions = KNOWLEDGE[language].placePrepositions;
  const found: string[] = [];
  const body = withoutOpeningCapital(sentence, context);
  for (const match of body.matchAll(CAPITALISED)) {
    const before = words(body.slice(Math.max(0, match.index - 16), match.index)).slice(-2);
    const name = match[0];
    if (words(name).some((w) => context.questionWords.has(w))) continue;
    if (before.some((w) => prepositions.has(w))) found.push(name);
  }
  return found;
}

/**
 * Countries a sentence gives by their nationality adjective ("le constructeur suédois", "a Brazilian bank"), as written:
 * "which country is it from?" is answered there. Not the question's own countries ("des banques suédoises ?").
 */
export function nationalities(sentence: string, context: TypeContext): string[] {
  const asked = new Set([...context.questionWords].map(countryOf));
  const found = sentence.split(/[^\p{L}\p{N}'’-]+/u).filter((token) => {
    const word = fold(token);
    return isNationality(word) && !asked.has(countryOf(word));
  });
  return [...new Set(found)];
}

/** Counting units of time: "how many years", "combien de temps". */
export function countsTime(counted: readonly string[]): boolean {
  return counted.some((word) => LANGUAGES.some((lang) => KNOWLEDGE[lang].durationUnits.has(KNOWLEDGE[lang].stem(word))));
}

export function years(sentence: string): string[] {
  return [...new Set(sentence.match(YEAR) ?? [])];
}

/**
 * "How many factories" is answered by a number a few words before one of the counted words ("cinq
 * bureaux" counts offices, not factories); "how much", "combien" alone by any number that is not a year.
 */
export function counts(sentence: string, context: TypeContext): string[] {
  const tokens = sentence.split(/\s+/);
  const countedStems = new Set((context.counted ?? []).flatMap(stemsOf));
  const found: string[] = [];
  tokens.forEach((token, i) => {
    // "400 million euros" is one amount: "million" goes with the number before it.
    if (!isCount(fold(token)) || (i > 0 && isCount(fold(tokens[i - 1]!)))) return;
    const window = terms(tokens.slice(i + 1, i + 6).join(' '));
    if (countedStems.size === 0 || window.some((t) => t.stems.some((s) => countedStems.has(s)))) {
      found.push(tokens.slice(i, i + 3).join(' ').replace(/[,.;:]+$/, ''));
    }
  });
  return found;
}

/** "X is a…", "X est un…", or an apposition "X, CTO of Y," where X is something the question asks about. */
export function definesSubject(sentence: string, context: TypeContext): boolean {
  const tokens = fold(sentence).split(/\s+/);
  for (let i = 0; i < tokens.length - 2; i += 1) {
    const word = tokens[i]!.replace(/[,;:]$/, '');
    if (!context.questionWords.has(word)) continue;
    const next = `${tokens[i + 1]} ${tokens[i + 2]}`;
    if (/^(?:est|is|sont|are) (?:un|une|des|a|an|le|la|les|the|l'une|l'un|one)$/.test(next)) return true;
    // An apposition closes with a second comma within a few words.
    if (tokens[i]!.endsWith(',') && tokens.slice(i + 1, i + 7).some((t) => t.endsWith(','))) return true;
  }
  return false;
}

/**
 * "Récemment, la firme chinoise a intégré…", "the group launched…": a sentence that calls its subject by its kind
 * after a definite determiner is about a name given before it. A name beside the kind names it there and then
 * ("le groupe Acme", "the Acme group"); `isName` tells the article's names from other capitalised words ("Chinese").
 */
export function refersByKind(sentence: string, language: Language, isName: (word: string) => boolean): boolean {
  const { definiteDeterminers, namedKinds, stem } = KNOWLEDGE[language];
  const tokens = elidedTokens(sentence);
  const named = (token: string | undefined) => /^\p{Lu}/u.test(unpunctuated(token)) && isName(fold(unpunctuated(token)));
  for (const [i, token] of tokens.entries()) {
    if (!definiteDeterminers.has(fold(unpunctuated(token)))) continue;
    for (let j = i + 1; j <= i + MAX_WORDS_BEFORE_KIND + 1 && j < tokens.length; j += 1) {
      if (named(tokens[j])) break;
      if (namedKinds.has(stem(fold(unpunctuated(tokens[j]))))) {
        if (!named(tokens[j + 1])) return true;
        break;
      }
    }
  }
  return false;
}

/**
 * "de nombreuses start-ups", "many companies": a quantifier before a kind of agent names a group of them, which
 * answers "who" when no name does ("who is trying to contribute?"), and "how many" of that kind when no number does
 * ("combien d'entreprises…" → "beaucoup d'entreprises"). As written; `kinds` (stems) keeps the groups of those kinds.
 */
export function groups(sentence: string, language: Language, kinds?: ReadonlySet<string>): string[] {
  const { groupQuantifiers, namedKinds, stem } = KNOWLEDGE[language];
  const tokens = elidedTokens(sentence);
  const found: string[] = [];
  tokens.forEach((token, i) => {
    if (!groupQuantifiers.has(fold(unpunctuated(token)))) return;
    const j = tokens.slice(i + 1, i + 2 + MAX_WORDS_BEFORE_KIND).findIndex((t) => {
      const kind = stem(fold(unpunctuated(t)));
      return namedKinds.has(kind) && (!kinds || kinds.has(kind));
    });
    if (j >= 0) found.push(tokens.slice(i, i + j + 2).map(unpunctuated).join(' ').replace(/(['’]) /gu, '$1'));
  });
  return found;
}

/** The groups of the kind a question counts ("combien d'entreprises"): a vague count, no answer to a precise one. */
function countedGroups(sentence: string, language: Language, context: TypeContext): string[] {
  if (context.precise || !context.counted?.length) return [];
  return groups(sentence, language, new Set(context.counted.map((w) => KNOWLEDGE[language].stem(w))));
}

/** The text's words as written, an elided particle apart ("l'entreprise", "d’entreprises": two words). */
function elidedTokens(text: string): string[] {
  return text.split(/\s+/).flatMap((token) => (/^\p{L}['’]\p{L}/u.test(token) ? [token.slice(0, 2), token.slice(2)] : [token]));
}

/** A token without the punctuation around it; an elided particle keeps its apostrophe ("l'"). */
function unpunctuated(token: string | undefined): string {
  return (token ?? '').replace(/^[^\p{L}\d]+|[^\p{L}\d’']+$/gu, '');
}

/** Adjectives between a determiner and the kind it qualifies ("the big Chinese firm"). */
const MAX_WORDS_BEFORE_KIND = 2;

export function reportsSpeech(sentence: string, language: Language): boolean {
  return KNOWLEDGE[language].speechMarkers.in(fold(sentence));
}

export function satisfies(type: AnswerType, sentence: string, language: Language, context: TypeContext): boolean {
  switch (type) {
    case 'year':
      return years(sentence).length > 0 || (!context.precise && KNOWLEDGE[language].timeExpressions.in(fold(sentence)));
    case 'quantity':
      return counts(sentence, context).length > 0 || (context.duration === true && years(sentence).length > 0) || countedGroups(sentence, language, context).length > 0;
    case 'person':
      // "Who is it ranked beside?": "big American names" answers when the article names no one.
      return people(sentence, context).length > 0 || (!context.namesWanted && (groups(sentence, language).length > 0 || nationalities(sentence, context).length > 0));
    case 'place':
      return places(sentence, language, context).length > 0 || nationalities(sentence, context).length > 0;
    case 'statement':
      return reportsSpeech(sentence, language);
    case 'definition':
      return definesSubject(sentence, context);
    case 'reason':
      return true;
  }
}

/** The short answer a reply leads with, when the type has one: the year, the names, the places, the count. */
export function answerSpan(type: AnswerType | undefined, sentence: string, language: Language, context: TypeContext): string[] {
  switch (type) {
    case 'year':
      return years(sentence);
    case 'quantity': {
      const found = counts(sentence, context);
      return found.length > 0 ? found : countedGroups(sentence, language, context);
    }
    case 'person':
      // "Who is Marie Curie?" is answered by what the sentence says she is, not by another name.
      return context.asksIdentity && definesSubject(sentence, context) ? [] : leadingPeople(sentence, context);
    case 'place': {
      const found = places(sentence, language, context);
      return found.length > 0 ? found : nationalities(sentence, context);
    }
    default:
      return [];
  }
}
