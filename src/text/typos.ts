/**
 * Typo tolerance: a word the article's vocabulary does not know is read as the known word one or two edits
 * away ("acmee" → "acme", "curei" → "curie", "reserach" → "research"). A short word one edit from a
 * known one is usually another real word ("cost" is not "c'est", "last" is not "fast"), so short words are
 * only corrected towards the article's names, where a near miss is almost always a typo.
 */

/** Shortest name corrected (one edit); shortest other word corrected (one edit); two edits for a name from LONG_WORD on. */
const MIN_NAME = 4;
const MIN_WORD = 7;
const LONG_WORD = 9;

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps), stopping early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, previous2[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length]!;
}

export function allowedEdits(word: string, towardsName: boolean): number {
  if (word.length < (towardsName ? MIN_NAME : MIN_WORD) || /\d/.test(word)) return 0;
  // Two edits turn many a long word into another language's ("officielle" → "officially"): names only.
  return towardsName && word.length >= LONG_WORD ? 2 : 1;
}

/** A SpellingIndex as plain data: each word with its count, and the words of names. */
export interface SpellingSnapshot {
  counts: [string, number][];
  names: string[];
}

/** The known words, with how often each occurs, to correct against; names are corrected more eagerly. */
export class SpellingIndex {
  private readonly counts = new Map<string, number>();

  constructor(
    words: Iterable<string>,
    private readonly names: ReadonlySet<string> = new Set(),
  ) {
    for (const word of words) this.counts.set(word, (this.counts.get(word) ?? 0) + 1);
  }

  static fromSnapshot(snapshot: SpellingSnapshot): SpellingIndex {
    const index = new SpellingIndex([], new Set(snapshot.names));
    for (const [word, count] of snapshot.counts) index.counts.set(word, count);
    return index;
  }

  snapshot(): SpellingSnapshot {
    return { counts: [...this.counts], names: [...this.names] };
  }

  has(word: string): boolean {
    return this.counts.has(word);
  }

  /** The closest word of a name within the edits a name allows ("labz" → "labs"), or undefined. */
  nameNear(word: string): string | undefined {
    if (this.names.has(word)) return word;
    const max = allowedEdits(word, true);
    return max === 0 ? undefined : this.nearest(word, this.names, () => max);
  }

  /** The closest known word within the allowed edits, or undefined. */
  correct(word: string): string | undefined {
    if (this.counts.has(word)) return word;
    if (allowedEdits(word, true) === 0) return undefined;
    return this.nearest(word, this.counts.keys(), (known) => allowedEdits(word, this.names.has(known)));
  }

  /** The candidate fewest edits away within what `edits` allows towards it; ties go to the more frequent. */
  private nearest(word: string, candidates: Iterable<string>, edits: (candidate: string) => number): string | undefined {
    let best: { word: string; distance: number; count: number } | undefined;
    for (const known of candidates) {
      const max = edits(known);
      if (max === 0 || known.length < MIN_NAME) continue;
      const distance = editDistance(word, known, max);
      const count = this.counts.get(known) ?? 0;
      if (distance > max) continue;
      if (!best || distance < best.distance || (distance === best.distance && count > best.count)) best = { word: known, distance, count };
    }
    return best?.word;
  }
}
