import type { Article } from '../corpus/article.js';
import { detectLanguage } from '../text/detect-language.js';
import { type AnswerType, KNOWLEDGE, LANGUAGES, type Language, standardText } from '../text/language-data.js';
import { fold } from '../text/normalize.js';
import { splitSentences } from '../text/sentences.js';
import {
  CAPITALISED,
  type Term,
  isCommonWord,
  isFrameWord,
  isSpeechWord,
  isStopWord,
  listedChoices,
  standardWords,
  stemsOf,
  terms,
  withoutFillerPhrases,
  withoutGluedElision,
  words,
} from '../text/tokens.js';
import { SpellingIndex, type SpellingSnapshot, editDistance } from '../text/typos.js';
import type { Turn } from './types.js';

export type { AnswerType } from '../text/language-data.js';

/**
 * A question analysed once: cleaned, its language told, casual spellings made standard, typos corrected
 * against the article's words, content terms stemmed, and the kind of answer it wants. Every later step
 * (gating, retrieval, choosing sentences, the reply's language) reads this one object.
 */
export interface AnalysedQuestion {
  /** The question as asked, cleaned, mentions removed. */
  text: string;
  language: Language;
  /** False when nothing in the text told the language (the hint or the default decided). */
  languageConfident: boolean;
  /**
   * Folded words with casual spellings made standard, typos corrected, and the words that only say what kind
   * of answer is wanted ("en quelle année", "which cities") set aside: what retrieval embeds.
   */
  normalized: string;
  terms: Term[];
  /** Content words that neither the article nor its anticipated questions use (in a form known: see ArticleLexicon.knows), even one typo away. */
  unknownWords: string[];
  /** Capitalised names in the question the article never mentions ("AWS", "Microsoft"). */
  unknownNames: string[];
  /** Names of the article the question mentions ("acme labs", "marie curie"), folded. */
  names: string[];
  corrections: { from: string; to: string }[];
  /** What "how many" counts ("usines" in "combien d'usines"); empty for "how much", "combien". */
  counted: string[];
  /** What kind of answer it wants, strongest first; empty when its wording does not say. */
  answerTypes: AnswerType[];
  /** It asks for the gist of the whole article ("tl;dr ?"), not of one topic of it ("résume l'offre de X"). */
  summary: boolean;
  /** It asks for a precise value ("exactement", "what day"): a vague "recently" does not answer "when". */
  precise: boolean;
  /** It asks which of a kind of agent ("quelles entreprises", "which providers"): their names answer, not "many". */
  namesWanted: boolean;
}

/** Which answer types decide before others when a question's words point at several. */
const TYPE_ORDER: AnswerType[] = ['statement', 'year', 'quantity', 'person', 'place', 'reason', 'definition'];

/**
 * A year, a count or a person is required: a sentence without one does not answer "when", "how many" or "who"
 * and quoting it would be a confident wrong answer. The other types are only preferred.
 */
export function isRequired(type: AnswerType | undefined): boolean {
  return type === 'year' || type === 'quantity' || type === 'person';
}

/** A member's short word (under MIN_STEMMED_MEMBER_WORD letters) is known once this many anticipated questions use it. */
const MIN_MEMBER_QUESTIONS = 2;

/** A member's word in at most this many anticipated questions, and twice as many unanswered ones, names something outside the article. */
const RARELY_ASKED = 2;

/** The shortest word of an anticipated question whose other forms are known too ("piliers" knows "pilier"). */
const MIN_STEMMED_MEMBER_WORD = 6;

/** What an ArticleLexicon derives from the article, as plain data: saved beside the index, so a start skips the work. */
export interface LexiconSnapshot {
  spelling: SpellingSnapshot;
  knownStems: string[];
  ownStems: string[];
  titleStems: string[];
  memberWords: string[];
  names: string[];
  properNames: string[];
  acronyms: [string, string][];
  onlyIn: Record<Language, string[]>;
}

/**
 * What the analyser knows of the article: its words (to correct typos and find unknown words) and its names
 * (capitalised inside sentences: "Marie Curie", "Acme Labs", "Genève"), all taken from the text itself.
 */
export class ArticleLexicon {
  readonly spelling: SpellingIndex;
  private readonly knownStems: Set<string>;
  /** Stems of the words of the article's own text and translation (its anticipated questions aside). */
  private readonly ownStems: Set<string>;
  /** Stems of the words of the article's titles (in each language): what a request for the gist may name. */
  private readonly titleStems: Set<string>;
  /** Words of the anticipated questions the article's text does not use, as written. */
  private readonly memberWords: Set<string>;
  /** Folded names, longest first, so "acme labs" is found before "acme". */
  readonly names: string[];
  /**
   * Words capitalised inside sentences of the article's own text, folded: proper names. A translation's
   * capitals are not trusted on their own (English capitalises "Chinese" and "American").
   */
  readonly properNames: Set<string>;
  /** Initials of the article's names of two words or more ("al" for "acme labs"), folded: how members shorten them. */
  readonly acronyms: Map<string, string>;
  /** Words only one language's side of the article uses (its text or translation, its anticipated questions). */
  private readonly onlyIn: Record<Language, Set<string>>;
  private sharedWords?: Set<string>;

  /** Derived from the article, or taken back from a snapshot of one derived before. */
  constructor(source: Article | LexiconSnapshot) {
    if (!('passages' in source)) {
      this.spelling = SpellingIndex.fromSnapshot(source.spelling);
      this.knownStems = new Set(source.knownStems);
      this.ownStems = new Set(source.ownStems);
      this.titleStems = new Set(source.titleStems);
      this.memberWords = new Set(source.memberWords);
      this.names = source.names;
      this.properNames = new Set(source.properNames);
      this.acronyms = new Map(source.acronyms);
      this.onlyIn = { fr: new Set(source.onlyIn.fr), en: new Set(source.onlyIn.en) };
      return;
    }
    const article = source;
    this.knownStems = new Set();
    this.ownStems = new Set();
    this.titleStems = new Set(article.titles.flatMap(words).flatMap(stemsOf));
    this.memberWords = new Set();
    this.properNames = new Set();
    this.acronyms = new Map();
    this.onlyIn = { fr: new Set(), en: new Set() };
    const own = [...article.titles, ...article.passages.flatMap((p) => [p.section, p.text])];
    const ownWords = new Set(own.flatMap(words));
    for (const word of ownWords) for (const stem of stemsOf(word)) this.ownStems.add(stem);
    const contentWords: string[] = [];
    // One member's short word is not yet the article's vocabulary: a typo ("ali baba" for the company) would make
    // any question with it look on topic ("ali baba et les 40 voleurs"). Two questions using it make it so. And a
    // word members use more for what the article does not say than for what it does ("the Chinese Amazon" once,
    // "Amazon's market share" more often) names something outside it.
    const questionsUsing = (questions: readonly { q: string }[]) => {
      const count = new Map<string, number>();
      for (const q of questions) for (const word of new Set(words(q.q))) if (!ownWords.has(word)) count.set(word, (count.get(word) ?? 0) + 1);
      return count;
    };
    const askedIn = questionsUsing(article.anticipated);
    const leftOpenIn = questionsUsing(article.unanswered);
    for (const text of [...own, ...article.anticipated.map((q) => q.q)]) {
      for (const word of words(text)) {
        // Anticipated questions bring members' words for what the article says, not their common words ("does").
        if (isStopWord(word) || isFrameWord(word) || (isCommonWord(word) && !ownWords.has(word))) continue;
        // Words of the language lists ("react", "say") are language knowledge, not a member's spelling.
        if (!ownWords.has(word) && !isSpeechWord(word)) {
          const asked = askedIn.get(word) ?? 0;
          if ((word.length < MIN_STEMMED_MEMBER_WORD && asked < MIN_MEMBER_QUESTIONS) || (asked <= RARELY_ASKED && 2 * asked <= (leftOpenIn.get(word) ?? 0))) continue;
        }
        // Typos are read towards the article's own words, not members' (often typos themselves: "recette" is not "récente").
        if (ownWords.has(word)) contentWords.push(word);
        else this.memberWords.add(word);
        // The article's words are known in every form, a member's short word only as written: a short stem is
        // shared by words that mean nothing alike ("pari", a bet, would know "paris").
        if (ownWords.has(word) || word.length >= MIN_STEMMED_MEMBER_WORD) for (const stem of stemsOf(word)) this.knownStems.add(stem);
      }
    }
    const sides: Record<Language, Set<string>> = { fr: new Set(), en: new Set() };
    for (const p of article.passages) for (const w of words(p.text)) sides[p.lang].add(w);
    for (const q of article.anticipated) for (const w of words(q.q)) sides[q.lang].add(w);
    for (const w of sides.fr) if (!sides.en.has(w)) this.onlyIn.fr.add(w);
    for (const w of sides.en) if (!sides.fr.has(w)) this.onlyIn.en.add(w);
    const names = new Set<string>();
    for (const passage of article.passages) {
      for (const sentence of splitSentences(passage.text)) {
        // The sentence's first word is capitalised anyway; a name there is found where it stands elsewhere.
        const body = sentence.replace(/^\S+/, (first) => first.toLowerCase());
        for (const match of body.matchAll(CAPITALISED)) {
          names.add(words(match[0]).join(' '));
          if (!passage.translated) for (const w of words(match[0])) this.properNames.add(w);
        }
      }
    }
    this.names = [...names].filter((n) => n.length > 1).sort((a, b) => b.length - a.length);
    // Initials stand for a name only when they are no word of the article and no other name has them.
    const taken = new Set<string>();
    for (const name of this.names) {
      const parts = name.split(' ');
      if (parts.length < 2) continue;
      const initials = parts.map((p) => p[0]).join('');
      if (taken.has(initials)) this.acronyms.delete(initials);
      else if (!ownWords.has(initials) && !isStopWord(initials)) this.acronyms.set(initials, name);
      taken.add(initials);
    }
    this.spelling = new SpellingIndex(contentWords, wordsOfNames(this.names));
  }

  snapshot(): LexiconSnapshot {
    return {
      spelling: this.spelling.snapshot(),
      knownStems: [...this.knownStems],
      ownStems: [...this.ownStems],
      titleStems: [...this.titleStems],
      memberWords: [...this.memberWords],
      names: this.names,
      properNames: [...this.properNames],
      acronyms: [...this.acronyms],
      onlyIn: { fr: [...this.onlyIn.fr], en: [...this.onlyIn.en] },
    };
  }

  /**
   * The language of a text whose function words did not tell ("acme labs utilise kubernetes"): the side of
   * the article that uses more of its words, if either does.
   */
  languageOfWords(text: string): Language | undefined {
    const tokens = words(text);
    const fr = tokens.filter((w) => this.onlyIn.fr.has(w)).length;
    const en = tokens.filter((w) => this.onlyIn.en.has(w)).length;
    return fr === en ? undefined : fr > en ? 'fr' : 'en';
  }

  /** Words of more than one of the article's names ("web" of "acme web" and "web labs"): alone, they name neither. */
  get sharedNameWords(): ReadonlySet<string> {
    if (!this.sharedWords) {
      const seen = new Set<string>();
      this.sharedWords = new Set();
      for (const word of this.names.flatMap((name) => [...new Set(name.split(' '))])) (seen.has(word) ? this.sharedWords : seen).add(word);
    }
    return this.sharedWords;
  }

  /** A word of the article or of an anticipated question, in any form of it (only as written for a short word of a question). */
  knows(word: string): boolean {
    return this.spelling.has(word) || this.memberWords.has(word) || stemsOf(word).some((s) => this.knownStems.has(s));
  }

  /**
   * The word of one of the article's names that a member's word misspells ("labz" for the "labs" of "Acme Labs"): members'
   * questions make their typos of a name known words, which would then name nothing. (A member's word is never one
   * of the article's own, so never a name's word itself.)
   */
  misspeltName(word: string): string | undefined {
    return this.memberWords.has(word) ? this.spelling.nameNear(word) : undefined;
  }

  /** A word of the article's titles, in any form of it. */
  inTitle(word: string): boolean {
    return stemsOf(word).some((s) => this.titleStems.has(s));
  }

  /** A word the article's own text (or translation) uses, in any form of it: members' questions aside. */
  uses(word: string): boolean {
    return stemsOf(word).some((s) => this.ownStems.has(s));
  }

  /**
   * The article's name of several words that these words spell with one typo, one of them unknown ("marie curi" →
   * "marie curie"): a short word of a name is too short to be corrected alone, but the whole name is long enough to
   * tell. Words the article knows ("acmes labs") are not another spelling of a name.
   */
  nameNear(phrase: readonly string[]): string | undefined {
    const text = phrase.join(' ');
    if (text.length < MIN_NAME_PHRASE || phrase.every((w) => this.knows(w))) return undefined;
    return this.names.find((name) => name.split(' ').length === phrase.length && editDistance(text, name, 1) === 1);
  }

  /** The article's names found in folded text, longest first, without counting one inside another. */
  namesIn(foldedWords: readonly string[]): string[] {
    let text = ` ${foldedWords.join(' ')} `;
    const found: string[] = [];
    for (const name of this.names) {
      if (text.includes(` ${name} `)) {
        found.push(name);
        text = text.split(` ${name} `).join('  ');
      }
    }
    return found;
  }
}

export interface AnalyseOptions {
  /** The language to fall back on when the text does not tell: the conversation's or the member's. */
  languageHint?: Language;
  defaultLanguage: Language;
}

/** The words of names ("acme labs" → acme, labs): what of a question is its subject rather than what it asks. */
export function wordsOfNames(names: readonly string[]): Set<string> {
  return new Set(names.flatMap((n) => n.split(' ')));
}

/**
 * It names two or more of the article's subjects and asks nothing of them ("X + Y ?", "X et Y, ya quoi entre
 * les deux ?"): it asks how they stand to each other.
 */
export function namesOnly(question: AnalysedQuestion): boolean {
  const nameWords = wordsOfNames(question.names);
  return question.names.length > 1 && question.answerTypes.length === 0 && question.terms.every((t) => nameWords.has(t.word));
}

/** The shortest name of several words read through a typo ("pierre curi"). */
const MIN_NAME_PHRASE = 6;

/** A definition is asked of a short subject: a name, or a term of a word or two ("le PaaS", "open source"). */
const MAX_DEFINED_TERMS = 2;

export function analyseQuestion(text: string, lexicon: ArticleLexicon, options: AnalyseOptions): AnalysedQuestion {
  let detected = detectLanguage(text, options.languageHint ?? options.defaultLanguage);
  if (!detected.confident) {
    const byWords = lexicon.languageOfWords(text);
    if (byWords) detected = { language: byWords, confident: true };
  }
  const language = detected.language;
  // Casual spellings and filler phrases of the language the question is in, or of both when it does not tell.
  const spelledIn = detected.confident ? language : undefined;
  const languages = detected.confident ? [language] : LANGUAGES;
  const listed = listedChoices(text, (w) => languages.some((lang) => KNOWLEDGE[lang].alternatives.has(w)));
  const standard = withoutFillerPhrases(standardWords(words(listed), spelledIn), spelledIn);
  const corrections: { from: string; to: string }[] = [];
  const corrected = standard.flatMap((word) => {
    const name = lexicon.acronyms.get(word);
    if (name) {
      corrections.push({ from: word, to: name });
      return name.split(' ');
    }
    if (isStopWord(word) || isFrameWord(word)) return [word];
    // A common word the article never uses ("does", "seulement", "entre") frames the question; it names no topic,
    // whatever members' questions say ("entrée" would make "entre" a topic). It leaves a gap, so that the words
    // on either side do not read as one name.
    if (isCommonWord(word) && !lexicon.uses(word)) return [''];
    const misspelt = lexicon.misspeltName(word);
    if (misspelt) {
      corrections.push({ from: word, to: misspelt });
      return [misspelt];
    }
    if (lexicon.knows(word)) return [word];
    // Casual French drops the apostrophe of an elision ("lannee", "dacme"): the word after it is the one meant.
    const unglued = spelledIn === 'en' ? undefined : withoutGluedElision(word);
    if (unglued && (isStopWord(unglued) || lexicon.knows(unglued))) {
      corrections.push({ from: word, to: unglued });
      return [unglued];
    }
    const known = lexicon.spelling.correct(word);
    if (known && known !== word) {
      corrections.push({ from: word, to: known });
      return [known];
    }
    return [word];
  });
  correctNames(corrected, lexicon, corrections);
  const setAside = heldAlternatives(corrected, lexicon, languages);
  const standardised = standardText(text, languages);
  // "hey, who started acme" opens with "who" once the greeting is set aside.
  const phrased = [standardised, withoutLeadingFillers(standardised)];
  const names = lexicon.namesIn(corrected);
  const nameWords = wordsOfNames(names);
  const types = new Set<AnswerType>();
  // Words of a phrase that asks for a kind of answer ("quelles villes", "what year") frame the question.
  const framing = new Set<string>();
  let namesWanted = false;
  // "Does the article say…", "on m'a dit": the member names where a claim comes from. That "say" asks for no one's
  // words, and those words are no topic; what follows is what is asked ("what did X say, per the article" still is).
  const sources = LANGUAGES.flatMap((lang) => phrased.flatMap((t) => KNOWLEDGE[lang].sourceReferences.found(t)));
  for (const phrase of sources) for (const w of words(phrase)) if (!nameWords.has(w)) framing.add(w);
  const typed = phrased.map((t) => sources.reduce((rest, phrase) => ` ${rest} `.replaceAll(` ${phrase} `, ' ').trim(), t));
  for (const lang of languages) {
    for (const [type, phrases] of KNOWLEDGE[lang].answerTypes) {
      const found = typed.flatMap((t) => phrases.found(t));
      if (found.length === 0) continue;
      types.add(type);
      if (type !== 'statement') for (const phrase of found) for (const w of words(phrase)) framing.add(w);
    }
    const namedKind = namedKindAsked(standardised, lang);
    if (namedKind.length > 0) {
      types.add('person');
      namesWanted = true;
    }
    // "Which Acme partners": the article's names stay what the question is about.
    for (const w of namedKind) if (!nameWords.has(w)) framing.add(w);
  }
  // "tl;dr of the news": the words asking for the gist are no topic of the question either.
  const summaryPhrases = LANGUAGES.flatMap((lang) => phrased.flatMap((t) => KNOWLEDGE[lang].summaryRequests.found(t)));
  for (const phrase of summaryPhrases) for (const w of words(phrase)) if (!nameWords.has(w)) framing.add(w);
  // The kind of answer is read from the framing words; what is searched for is the rest.
  const normalized = corrected.filter((w) => !framing.has(w)).join(' ').replace(/ {2,}/g, ' ').trim();
  const questionTerms = terms(normalized, language);
  const counted: string[] = [];
  for (const lang of languages) {
    for (const phrase of KNOWLEDGE[lang].countPhrases.found(standardised)) {
      const after = standardised.slice(standardised.indexOf(phrase) + phrase.length);
      counted.push(...countedWords(after.trim().split(' ')));
    }
  }
  // Words read as a name through a typo, or set aside as a choice the article does not hold, name nothing unknown.
  const read = new Set([...setAside, ...corrections.flatMap((c) => c.from.split(' '))]);
  const unknownNames = [...text.matchAll(CAPITALISED)]
    .map((m) => m[0])
    // The question's first word is capitalised by habit, not because it is a name.
    .filter((name, i) => !(i === 0 && text.trimStart().startsWith(name) && !name.includes(' ')))
    .filter((name) => words(name).some((w) => !isStopWord(w) && !isFrameWord(w) && !isCommonWord(w) && !lexicon.knows(w) && !lexicon.acronyms.has(w) && !lexicon.spelling.correct(w) && !read.has(w)));
  // "Résume l'offre de X" asks for the gist of a topic, not of the article: a word the article knows (its text or
  // its anticipated questions), outside its titles and names, scopes the request: it is searched and answered like any
  // question. A word it never uses names no topic of it ("give me the gist of this whole thing").
  const summary = summaryPhrases.length > 0 && !questionTerms.some((t) => !nameWords.has(t.word) && lexicon.knows(t.word) && !lexicon.inTitle(t.word));
  // "What is X?" asks to define X; "what is X's argument about Y" asks something else of X.
  if (questionTerms.filter((t) => !nameWords.has(t.word)).length > MAX_DEFINED_TERMS) types.delete('definition');
  let unknownWords = questionTerms.filter((t) => !lexicon.knows(t.word)).map((t) => t.word);
  // "Fondé en 1998, c'est ça ?": a year the article never gives, beside something it does speak of, is the member's
  // guess at a date. It asks when, and the article's own year answers; alone ("what happened in 2020?") it stays unknown.
  const guessed = unknownWords.some((w) => YEAR_WORD.test(w));
  if (guessed && questionTerms.some((t) => !nameWords.has(t.word) && !YEAR_WORD.test(t.word) && lexicon.knows(t.word))) {
    // "Who founded it in 1998?" still asks who: the year is then only no topic.
    if (types.size === 0) types.add('year');
    unknownWords = unknownWords.filter((w) => !YEAR_WORD.test(w));
  }
  return {
    text,
    language,
    languageConfident: detected.confident,
    normalized,
    terms: questionTerms,
    unknownWords,
    unknownNames,
    names,
    corrections,
    counted,
    // A request for the gist asks for no kind of answer: "c'est quoi la news" wants no definition.
    answerTypes: summary ? [] : TYPE_ORDER.filter((t) => types.has(t)),
    summary,
    precise: languages.some((lang) => KNOWLEDGE[lang].precisionRequests.in(standardised)),
    namesWanted,
  };
}

/** A year as a word of a question ("1998", "2014"). */
const YEAR_WORD = /^(?:1[89]|20)\d\d$/;

/** The most words that name what a question counts. */
const MAX_COUNTED_WORDS = 2;

/**
 * What "how many" counts is named right after it ("how many years between…", "combien d'entreprises chinoises"),
 * past a short linking word ("de", "of"); "top how many did X put them in" names no kind of thing, and any
 * count answers it.
 */
function countedWords(after: readonly string[]): string[] {
  let i = 0;
  while (i < after.length && after[i]!.length <= 2 && isStopWord(after[i]!)) i += 1;
  const named: string[] = [];
  for (; i < after.length && named.length < MAX_COUNTED_WORDS; i += 1) {
    const word = after[i]!;
    // A common word after the kind ("years between", "temps entre") is where the question goes on.
    if (!word || isStopWord(word) || isFrameWord(word) || (named.length > 0 && isCommonWord(word))) break;
    named.push(word);
  }
  return named;
}

/** Words that spell one of the article's names of several words with a typo are read as that name, in place. */
function correctNames(corrected: string[], lexicon: ArticleLexicon, corrections: { from: string; to: string }[]): void {
  resplitNames(corrected, lexicon, corrections);
  const lengths = new Set(lexicon.names.map((n) => n.split(' ').length).filter((n) => n > 1));
  for (const length of lengths) {
    for (let i = 0; i + length <= corrected.length; i += 1) {
      const phrase = corrected.slice(i, i + length);
      if (phrase.some((w) => w === '')) continue;
      const name = lexicon.nameNear(phrase);
      if (!name) continue;
      corrections.push({ from: phrase.join(' '), to: name });
      corrected.splice(i, length, ...name.split(' '));
    }
  }
}

/**
 * A name typed with a space too many or too few ("ac me", "acmelabs"): words the article does not use whose
 * letters, run together, are those of one of its names, split another way. A long run may also hold one typo.
 */
function resplitNames(corrected: string[], lexicon: ArticleLexicon, corrections: { from: string; to: string }[]): void {
  const byLetters = lexicon.names.map((name) => ({ name, letters: name.replaceAll(' ', '') }));
  for (let i = 0; i < corrected.length; i += 1) {
    for (let length = MAX_RESPLIT_WORDS; length >= 1; length -= 1) {
      const phrase = corrected.slice(i, i + length);
      if (phrase.length < length || phrase.some((w) => w === '') || phrase.every((w) => lexicon.uses(w))) continue;
      const letters = phrase.join('');
      const edits = letters.length >= MIN_RESPLIT_TYPO_LETTERS ? 1 : 0;
      const found = byLetters.find((n) => n.name.split(' ').length !== length && editDistance(letters, n.letters, edits) <= edits);
      if (!found) continue;
      corrections.push({ from: phrase.join(' '), to: found.name });
      corrected.splice(i, length, ...found.name.split(' '));
      break;
    }
  }
}

/** Words a name may be split into by mistake; letters from which a re-split name may also hold one typo. */
const MAX_RESPLIT_WORDS = 3;
const MIN_RESPLIT_TYPO_LETTERS = 9;

/** How many words either side of "or" are the alternatives it offers. */
const ALTERNATIVE_WINDOW = 3;

/**
 * "Une évidence ou un pari risqué ?", "European or American firms?": the member offers choices, and the article
 * holds one of them. When the choice on one side of "or" is a word of the article and that on the other side is
 * not, the unknown one is a choice the article does not hold, not a topic it never speaks of: it is set aside
 * (blanked in place) and returned. Two unknown choices ("janvier ou février") stay: the article holds neither.
 */
function heldAlternatives(corrected: string[], lexicon: ArticleLexicon, languages: readonly Language[]): Set<string> {
  const setAside = new Set<string>();
  // "Acme or Globex?" compares the article's own subject with another: no choice there is set aside.
  const ownNames = wordsOfNames(lexicon.namesIn(corrected).filter((n) => n.split(' ').every((w) => lexicon.properNames.has(w))));
  const known = (j: number | undefined) => j !== undefined && lexicon.knows(corrected[j]!);
  for (const [i, word] of corrected.entries()) {
    if (!languages.some((lang) => KNOWLEDGE[lang].alternatives.has(word))) continue;
    // The content words of each side, nearest first (the first is the choice offered); undefined when it is a name.
    const side = (step: number): number[] | undefined => {
      const found: number[] = [];
      for (let d = 1; d <= ALTERNATIVE_WINDOW; d += 1) {
        const w = corrected[i + step * d];
        if (w === undefined || w.length < 2 || isStopWord(w) || isFrameWord(w) || isCommonWord(w)) continue;
        if (ownNames.has(w)) return found.length === 0 ? undefined : found;
        found.push(i + step * d);
      }
      return found;
    };
    const [before, after] = [side(-1), side(1)];
    if (!before || !after) continue;
    const unheld = known(before[0]) && !known(after[0]) ? after : known(after[0]) && !known(before[0]) ? before : [];
    for (const j of unheld) {
      if (known(j)) break;
      setAside.add(corrected[j]!);
      corrected[j] = '';
    }
  }
  return setAside;
}

/** Content words that may stand between "which" and the kind it asks for ("which big European providers"). */
const KIND_GAP = 2;

/**
 * "Which (big European) providers…", "quels sont les grands noms…": asking which agents of a kind (companies,
 * providers, names) are meant wants their names, as "who" does. The words that ask it, or none: the asker, the
 * kind and what qualifies it ("research" in "which research firm" says what kind, and a name that holds it, the
 * answer, is still a new name). A function word in between ends the search: "what did the big names say" asks
 * what was said.
 */
export function namedKindAsked(standardised: string, lang: Language): string[] {
  const { nameAskers, namedKinds } = KNOWLEDGE[lang];
  const tokens = standardised.split(' ');
  for (let i = 0; i < tokens.length; i += 1) {
    const asker = nameAskers.find((phrase) => phrase.every((w, j) => tokens[i + j] === w));
    if (!asker) continue;
    for (let j = i + asker.length; j <= i + asker.length + KIND_GAP && j < tokens.length; j += 1) {
      if (namedKinds.has(KNOWLEDGE[lang].stem(tokens[j]!))) return words(tokens.slice(i, j + 1).join(' '));
      if (isStopWord(tokens[j]!)) break;
    }
  }
  return [];
}

/** "hey guys, who started acme" reads as "who started acme": greetings and fillers do not open a question. */
function withoutLeadingFillers(text: string): string {
  const tokens = text.split(' ');
  let start = 0;
  while (start < tokens.length - 1 && LANGUAGES.some((lang) => KNOWLEDGE[lang].fillers.has(tokens[start]!))) start += 1;
  return tokens.slice(start).join(' ');
}

/** Each part of a message must be this long to stand as a question ("…et quand ?" is one question asking two things). */
const MIN_PART_WORDS = 3;

/**
 * The questions of a message that asks several ("c'est quoi X et qui est son CTO ?", "who founded X? and what
 * did Y say?"): split after a question mark, or at a joiner ("et", "and also") followed by words that open a
 * question. A message that asks one thing, or whose parts are too short to stand alone, is one part.
 */
export function questionParts(text: string): string[] {
  const parts = text.split(/\?+/).flatMap(splitAtJoiners).filter((p) => words(p).length > 0);
  return parts.length > 1 && parts.every((p) => words(p).length >= MIN_PART_WORDS) ? parts : [text];
}

function splitAtJoiners(chunk: string): string[] {
  const tokens = chunk.trim().split(/\s+/);
  // "? and what did Y say": the joiner opening a part joins nothing within it.
  const start = joinerAt(tokens, 0);
  for (let i = start + 1; i < tokens.length; i += 1) {
    const joiner = joinerAt(tokens, i);
    if (joiner === 0 || i + joiner >= tokens.length) continue;
    const rest = tokens.slice(i + joiner).join(' ');
    if (opensQuestion(rest)) return [tokens.slice(start, i).join(' ').replace(/[,;]+$/, ''), ...splitAtJoiners(rest)];
  }
  return [tokens.slice(start).join(' ')];
}

/** How many tokens from `at` make a joiner of either language (0 when none does). */
function joinerAt(tokens: readonly string[], at: number): number {
  for (const length of [2, 1]) {
    const phrase = words(tokens.slice(at, at + length).join(' ')).join(' ');
    if (at + length <= tokens.length && LANGUAGES.some((lang) => KNOWLEDGE[lang].partJoiners.phrases.includes(phrase))) return length;
  }
  return 0;
}

function opensQuestion(text: string): boolean {
  const standard = standardText(text, LANGUAGES);
  return LANGUAGES.some((lang) => [...KNOWLEDGE[lang].answerTypes.values()].some((phrases) => phrases.opens(standard)));
}

/**
 * Without a language model, a follow-up is resolved by searching with the previous question alongside it,
 * when it reads like one: it opens like a continuation, leans on a pronoun, or is too short to stand alone.
 */
export function resolveFollowUp(question: string, history: readonly Turn[] | undefined): string {
  const previous = history?.at(-1)?.question;
  if (!previous) return question;
  return leansOnPrevious(question) || words(question).length <= 3 ? `${question}\n${previous}` : question;
}

/** Does the question open like a continuation ("et pour…", "what about") or lean on a pronoun ("his", "son")? */
export function leansOnPrevious(question: string): boolean {
  const folded = fold(question).trim();
  const tokens = words(question);
  return LANGUAGES.some((lang) => KNOWLEDGE[lang].followUpOpeners.opens(folded) || tokens.some((t) => KNOWLEDGE[lang].pronouns.has(t)));
}

/** The language of a conversation so far: that of its latest question that tells. */
export function conversationLanguage(history: readonly Turn[] | undefined, fallback: Language): Language | undefined {
  for (const turn of [...(history ?? [])].reverse()) {
    const detected = detectLanguage(turn.question, fallback);
    if (detected.confident) return detected.language;
  }
  return undefined;
}
