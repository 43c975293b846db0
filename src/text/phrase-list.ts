import { fold } from './normalize.js';

/**
 * A list of folded phrases, matched on word boundaries. A phrase written with a leading "^" only counts where
 * it opens the text: "qui" opening a question asks for a person, "qui" inside one is a relative pronoun. One
 * written with a trailing "$" only counts where it closes it: casual French asks "ils sont où", where "ou"
 * inside a question is "or".
 *
 * Matched by scanning, not by one regular expression per list: a pattern of alternatives between
 * `\p{L}\p{N}` look-arounds cost V8 about 20 ms to build and compile for the two languages' lists, a tenth of a
 * command-line answer. At each position the longest phrase wins, as the alternatives sorted by length did.
 */
export class PhraseList {
  /** Phrases that count anywhere, by first character, longest first. */
  private readonly inside: PhraseIndex;
  /** The "^" phrases. */
  private readonly opening: PhraseIndex;
  /** The "$" phrases. */
  private readonly last: PhraseIndex;
  /** Both of the above: what may close the text. */
  private readonly closingOnes: PhraseIndex;

  constructor(readonly phrases: readonly string[]) {
    const inside = phrases.filter((p) => !p.startsWith('^') && !p.endsWith('$'));
    const last = phrases.filter((p) => !p.startsWith('^') && p.endsWith('$')).map((p) => p.slice(0, -1));
    this.inside = new PhraseIndex(inside);
    this.opening = new PhraseIndex(phrases.filter((p) => p.startsWith('^')).map((p) => p.slice(1)));
    this.last = new PhraseIndex(last);
    this.closingOnes = new PhraseIndex([...inside, ...last]);
  }

  /** Does the folded text contain one of the phrases as whole words (a "^" one opening it, a "$" one closing it)? */
  in(foldedText: string): boolean {
    return this.firstInside(foldedText) !== undefined || this.openingPhrase(foldedText) !== undefined || this.endingPhrase(foldedText) !== undefined;
  }

  /** The phrases found in the folded text, as whole words. */
  found(foldedText: string): string[] {
    const found: string[] = [];
    for (let at = 0; at < foldedText.length; ) {
      const phrase = this.inside.longestAt(foldedText, at);
      if (phrase === undefined || !wordStartsAt(foldedText, at)) at++;
      else {
        found.push(phrase);
        at += phrase.length;
      }
    }
    const opening = this.openingPhrase(foldedText);
    const ending = this.endingPhrase(foldedText);
    return [...found, ...(opening === undefined ? [] : [opening.trim()]), ...(ending === undefined ? [] : [ending.slice(0, lastWordEnd(ending))])];
  }

  /** Does the folded text end with one of the phrases (what follows it comes right after)? */
  closes(foldedText: string): boolean {
    const end = foldedText.trimEnd().length;
    for (let at = Math.max(0, end - this.closingOnes.longest); at < end; at++) {
      if (this.closingOnes.endingAt(foldedText, at, end) !== undefined && wordStartsAt(foldedText, at)) return true;
    }
    return false;
  }

  /** Does the folded text open with one of the phrases? */
  opens(foldedText: string): boolean {
    const first = this.firstInside(foldedText);
    return (first !== undefined && foldedText.slice(0, first).trim() === '') || this.openingPhrase(foldedText) !== undefined;
  }

  /** Where the first phrase that counts anywhere starts. */
  private firstInside(text: string): number | undefined {
    for (let at = 0; at < text.length; at++) if (this.inside.longestAt(text, at) !== undefined && wordStartsAt(text, at)) return at;
    return undefined;
  }

  /** The "^" phrase that opens the text, after any white space. */
  private openingPhrase(text: string): string | undefined {
    const start = text.length - text.trimStart().length;
    return this.opening.longestAt(text, start);
  }

  /** The "$" phrase followed by nothing but punctuation and spaces, with them; the leftmost one if several. */
  private endingPhrase(text: string): string | undefined {
    const end = lastWordEnd(text);
    for (let at = Math.max(0, end - this.last.longest); at < end; at++) {
      if (this.last.endingAt(text, at, end) !== undefined && wordStartsAt(text, at)) return text.slice(at);
    }
    return undefined;
  }
}

/** Folded phrases by their first character, longest first, deduplicated. */
class PhraseIndex {
  private readonly byFirst = new Map<string, string[]>();
  readonly longest: number = 0;

  constructor(phrases: readonly string[]) {
    const sorted = [...new Set(phrases.map(fold))].filter(Boolean).sort((a, b) => b.length - a.length);
    for (const phrase of sorted) {
      const bucket = this.byFirst.get(phrase[0]!);
      if (bucket) bucket.push(phrase);
      else this.byFirst.set(phrase[0]!, [phrase]);
    }
    this.longest = sorted[0]?.length ?? 0;
  }

  /** The longest phrase written at `at` that ends on a word boundary. */
  longestAt(text: string, at: number): string | undefined {
    for (const phrase of this.byFirst.get(text[at] ?? '') ?? []) {
      if (text.startsWith(phrase, at) && endsWord(text, phrase, at)) return phrase;
    }
    return undefined;
  }

  /** A phrase written at `at` that ends on a word boundary with nothing but non-word characters up to `end`. */
  endingAt(text: string, at: number, end: number): string | undefined {
    for (const phrase of this.byFirst.get(text[at] ?? '') ?? []) {
      if (at + phrase.length >= end && text.startsWith(phrase, at) && endsWord(text, phrase, at)) return phrase;
    }
    return undefined;
  }
}

const WORD_CHAR = /[\p{L}\p{N}]/uy;

/** Does the phrase written at `at` end a word? One ending in an elision ("combien d'") ends where the next word starts. */
function endsWord(text: string, phrase: string, at: number): boolean {
  return phrase.endsWith("'") || !isWordCharAt(text, at + phrase.length);
}

/** Is the character (code point) starting at `at` a letter or a digit? */
function isWordCharAt(text: string, at: number): boolean {
  if (at >= text.length) return false;
  WORD_CHAR.lastIndex = at;
  return WORD_CHAR.test(text);
}

/** Where the character (code point) that ends at `at` starts. */
function previousCharAt(text: string, at: number): number {
  const low = text.charCodeAt(at - 1);
  const isPair = at >= 2 && low >= 0xdc00 && low <= 0xdfff && text.charCodeAt(at - 2) >= 0xd800 && text.charCodeAt(at - 2) <= 0xdbff;
  return isPair ? at - 2 : at - 1;
}

/** Does no letter or digit come right before `at`? */
function wordStartsAt(text: string, at: number): boolean {
  return at === 0 || !isWordCharAt(text, previousCharAt(text, at));
}

/** The index after the text's last letter or digit (0 when it has none). */
function lastWordEnd(text: string): number {
  let end = text.length;
  while (end > 0 && wordStartsAt(text, end)) end = previousCharAt(text, end);
  return end;
}
