/**
 * The exact nearest neighbours by cosine, the baseline the HNSW index is compared with. Kept honest so the
 * speed ratio means something: one contiguous Float32Array, rows normalised once up front so cosine is a dot
 * product, an unrolled loop, and a top-k kept in two small arrays (no sort of n scores, nothing allocated
 * per query beyond the k results).
 */
export class ExactScan {
  readonly size: number;
  private readonly topLabels: Int32Array;
  private readonly topScores: Float32Array;

  /** `vectors` holds n rows of `dimensions` floats; they are normalised in place. */
  constructor(
    private readonly vectors: Float32Array,
    readonly dimensions: number,
    maxK = 100,
  ) {
    if (vectors.length % dimensions !== 0) throw new Error(`${vectors.length} floats is not a whole number of ${dimensions}-d rows`);
    this.size = vectors.length / dimensions;
    normalizeRows(vectors, dimensions);
    this.topLabels = new Int32Array(maxK);
    this.topScores = new Float32Array(maxK);
  }

  /** Row numbers of the k rows most similar to `query`, best first. The query's length does not change the order. */
  search(query: Float32Array, k: number): Int32Array {
    if (query.length !== this.dimensions) throw new Error(`query of ${query.length} dimensions against ${this.dimensions}`);
    if (k > this.topLabels.length) throw new Error(`k=${k} is above this scan's maxK=${this.topLabels.length}`);
    const d = this.dimensions;
    const rows = this.vectors;
    const labels = this.topLabels;
    const scores = this.topScores;
    let filled = 0;
    const want = Math.min(k, this.size);
    for (let row = 0, offset = 0; row < this.size; row += 1, offset += d) {
      const score = dot(rows, offset, query, d);
      if (filled === want && score <= scores[want - 1]!) continue;
      // Insertion into the sorted top list: k is small, so shifting beats any heap.
      let at = filled < want ? filled++ : want - 1;
      while (at > 0 && scores[at - 1]! < score) {
        scores[at] = scores[at - 1]!;
        labels[at] = labels[at - 1]!;
        at -= 1;
      }
      scores[at] = score;
      labels[at] = row;
    }
    return labels.slice(0, filled);
  }
}

/** Four running sums let the engine overlap the multiply-adds; d need not be a multiple of 4. */
function dot(rows: Float32Array, offset: number, query: Float32Array, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const whole = d - (d % 4);
  let i = 0;
  for (let j = offset; i < whole; i += 4, j += 4) {
    s0 += rows[j]! * query[i]!;
    s1 += rows[j + 1]! * query[i + 1]!;
    s2 += rows[j + 2]! * query[i + 2]!;
    s3 += rows[j + 3]! * query[i + 3]!;
  }
  for (; i < d; i += 1) s0 += rows[offset + i]! * query[i]!;
  return s0 + s1 + s2 + s3;
}

/** Scales every row of a flat n × d array to unit length, in place (a zero row stays zero). */
export function normalizeRows(vectors: Float32Array, dimensions: number): void {
  for (let offset = 0; offset < vectors.length; offset += dimensions) {
    let norm = 0;
    for (let i = 0; i < dimensions; i += 1) norm += vectors[offset + i]! ** 2;
    if (norm === 0) continue;
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < dimensions; i += 1) vectors[offset + i]! *= scale;
  }
}

/** |found ∩ truth| / k over the first k of each: the share of the true neighbours the index returned. */
export function recallAtK(found: ArrayLike<number>, truth: ArrayLike<number>, k: number): number {
  const expected = new Set<number>();
  for (let i = 0; i < Math.min(k, truth.length); i += 1) expected.add(truth[i]!);
  if (expected.size === 0) return 1;
  let hits = 0;
  for (let i = 0; i < Math.min(k, found.length); i += 1) if (expected.has(found[i]!)) hits += 1;
  return hits / expected.size;
}
