import { fold } from '../text/normalize.js';
import { terms, words } from '../text/tokens.js';
import type { Turn } from './types.js';

/**
 * What kind of answer a question wants, when its wording says so. A year or a quantity is required: a
 * sentence without one does not answer "when" or "how many". A place, a person or a definition is only
 * preferred, since the article can answer those in many shapes.
 */
export type AnswerType = 'year' | 'quantity' | 'statement' | 'place' | 'person' | 'definition' | 'other';

// "What did X say…", "Que dit X…", "Qu'a déclaré X…": the answer is something X said.
const NAME_GROUP = String.raw`(\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*)*)`;
const SPEAKER_PATTERNS = [
  new RegExp(String.raw`\b[Ww]hat (?:did|does|do|has|have) (?:the )?${NAME_GROUP} (?:say|said|think|claim|declare|state)\b`, 'u'),
  new RegExp(String.raw`\b[Qq]u(?:e|'a|'est-ce qu'a) (?:dit|pense|déclaré|déclare|affirmé|affirme|estime) (?:le |la |l')?${NAME_GROUP}`, 'u'),
];
const SPEECH_MARKERS = /\b(?:d’après|d'après|selon|according to|said|says|stressed|insisted|argued|declared|comment|commentaire|a insisté|a déclaré|affirme|estime)\b/i;

/** The person or role whose words a "what did X say" question asks for. */
export function speakerOf(question: string): string | undefined {
  const text = question.normalize('NFC').replace(/’/g, "'");
  for (const pattern of SPEAKER_PATTERNS) {
    const match = pattern.exec(text);
    if (match) return match[1];
  }
  return undefined;
}

export function answerType(question: string): AnswerType {
  const q = fold(question);
  if (speakerOf(question)) return 'statement';
  if (/\b(?:when|what year|which year|what date|since when|quand|quelle annee|quelle date|depuis quand|a quel moment)\b/.test(q)) return 'year';
  if (/\b(?:how many|how much|combien|what (?:is|was) the (?:price|cost|amount|number)|number of|nombre de|nombre d')\b/.test(q)) return 'quantity';
  // "où" only keeps its accent before folding; folded it is the conjunction "ou".
  if (/\bwhere\b|(?:^|[^\p{L}])où(?:[^\p{L}]|$)|\bdans quel(?:le)?s? (?:pays|villes?|regions?)\b|\bwhich (?:countries|country|cities|city)\b/iu.test(`${q} ${question.toLowerCase()}`)) return 'place';
  if (/^(?:who|qui)\b|\b(?:who|qui) (?:is|was|are|est|sont|a|ont)\b/.test(q)) return 'person';
  // "What is X?" and yes/no questions ("Is X open source?", "X est-il…") are best answered by "X is…".
  if (/\b(?:what is|what's|what are|qu'est-ce que|qu'est ce que|c'est quoi|que sont|define|definition)\b|^(?:is|are|was|est-ce que)\b|\best-(?:il|elle)\b|\bwhat does .+ do\b|\bque fait\b|\ba quoi sert\b/.test(q)) return 'definition';
  return 'other';
}

const YEAR = /\b(?:1[89]|20)\d\d\b/;
// A count or an amount; a year is a date, not a quantity.
const QUANTITY = /\b(?!(?:1[89]|20)\d\d\b)\d[\d.,]*|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|billion|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|cent|mille|million|milliard)s?\b/i;
const NAME = /\p{Lu}[\p{L}’'-]*(?:\s+\p{Lu}[\p{L}’'-]*)*/gu;

/** Must the sentence hold the answer type for the question to be answered at all? */
export function isRequired(type: AnswerType): boolean {
  return type === 'year' || type === 'quantity' || type === 'statement';
}

/** Capitalised names in the sentence (its first word aside) that the question does not already contain. */
function newNames(sentence: string, question: string): string[] {
  const asked = new Set(words(question));
  const body = sentence.replace(/^\S+\s*/, '');
  return [...body.matchAll(NAME)].map((m) => m[0]).filter((name) => words(name).every((w) => !asked.has(w)));
}

/**
 * The names a question is about ("Cloud Foundry" in "When was Cloud Foundry created?"), as stems; question
 * words that open a line ("Who…") drop out. A date or a count only answers the question when it sits in a
 * paragraph about those names.
 */
export function namesIn(question: string): string[][] {
  const body = question.replace(/^\S+\s*/, '');
  return [...body.matchAll(NAME)].map((m) => terms(m[0]).map((t) => t.stem)).filter((stems) => stems.length > 0);
}

/** Does the sentence contain what the answer type asks for? */
export function satisfiesAnswerType(type: AnswerType, sentence: string, question: string): boolean {
  switch (type) {
    case 'year':
      return YEAR.test(sentence);
    case 'quantity':
      return hasCountOf(sentence, question);
    case 'statement': {
      // Words attributed to the speaker named in the question: "According to Chip Childers…", "the CTO stressed…".
      const speaker = words(speakerOf(question) ?? '').at(-1);
      return SPEECH_MARKERS.test(sentence) && (!speaker || words(sentence).includes(speaker));
    }
    case 'person':
      // "Who…?" is answered by a name the question did not mention: "Jack Ma", not "Alibaba" again.
      return newNames(sentence, question).length > 0;
    case 'place':
      return /\b(?:à|au|aux|en|in|at|from)\s+\p{Lu}/u.test(sentence.replace(/^\S+\s*/, '')) && newNames(sentence, question).length > 0;
    case 'definition':
      return definesSubject(sentence, question);
    case 'other':
      return true;
  }
}

/**
 * "How many data centers…" is answered by a number counting data centers, not by any number: the count must
 * stand a few words before one of the counted words.
 */
function hasCountOf(sentence: string, question: string): boolean {
  const counted = /\b(?:how many|how much|combien d'|combien de|number of|nombre de|nombre d')\s*([\p{L}\s-]+)/u.exec(fold(question))?.[1];
  if (!counted) return QUANTITY.test(sentence);
  const targets = terms(counted.split(/\s+/).slice(0, 3).join(' '));
  const tokens = fold(sentence).split(/\s+/);
  return tokens.some((token, i) => {
    if (!new RegExp(`^(?:${QUANTITY.source})`, 'i').test(token.replace(/^[^\p{L}\d]+/u, ''))) return false;
    const window = terms(tokens.slice(i + 1, i + 6).join(' '));
    return window.some((w) => targets.some((t) => t.stem === w.stem || (t.concept !== undefined && t.concept === w.concept)));
  });
}

/** "X is a…", "X est un…", or an apposition "X, CTO of Y," where X is something the question asks about. */
function definesSubject(sentence: string, question: string): boolean {
  const asked = new Set(words(question));
  const tokens = fold(sentence).split(/\s+/);
  for (let i = 0; i < tokens.length - 2; i += 1) {
    const word = tokens[i]!.replace(/[,;:]$/, '');
    if (!asked.has(word)) continue;
    const next = `${tokens[i + 1]} ${tokens[i + 2]}`;
    if (/^(?:est|is) (?:un|une|a|an|le|la|the)$/.test(next)) return true;
    // An apposition closes with a second comma within a few words.
    if (tokens[i]!.endsWith(',') && tokens.slice(i + 1, i + 7).some((t) => t.endsWith(','))) return true;
  }
  return false;
}

/** "What is the article about?", "Résume l'article", "tl;dr": a request for the gist rather than a fact. */
export function isSummaryRequest(question: string): boolean {
  const q = fold(question);
  return /\b(?:summari[sz]e|summary|tl;?dr|gist|main points?|what is (?:the|this) (?:article|text|story|news) about|what does (?:the|this) (?:article|text) say|resume[rz]?|resumer|de quoi (?:parle|traite)|que dit (?:l'article|le texte)|points? (?:principaux|cles)|en bref)\b/.test(q);
}

// Openings that make a question lean on the one before it ("and when?", "et lui ?", "what about Tokyo?").
const FOLLOW_UP_START = /^(?:and|but|also|so|then|what about|how about|et|mais|aussi|alors|puis|et pour|et quant a|quid de)\b/;
const PRONOUNS = new Set('it its they them their he she his her this that those these il elle ils elles lui leur leurs son sa ses ce cela ca celui celle ceux y en'.split(' '));

/**
 * Without a language model, a follow-up is resolved by searching with the previous question alongside it,
 * when it reads like one: it opens like a continuation, leans on a pronoun, or is too short to stand alone.
 */
export function resolveFollowUp(question: string, history: readonly Turn[] | undefined): string {
  const previous = history?.at(-1)?.question;
  if (!previous) return question;
  const folded = fold(question).trim();
  const tokens = words(question);
  const leans = FOLLOW_UP_START.test(folded) || tokens.some((t) => PRONOUNS.has(t)) || tokens.length <= 3;
  return leans ? `${question}\n${previous}` : question;
}
