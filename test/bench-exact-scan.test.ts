import { describe, expect, it } from 'vitest';
import { ExactScan, normalizeRows, recallAtK } from '../src/bench/exact-scan.js';
import { seededRandom } from '../src/bench/random.js';
import { VectorMixture } from '../src/bench/synthetic-vectors.js';

/** The obvious reference: score every row, sort them all. */
function sortedTopK(vectors: Float32Array, d: number, query: Float32Array, k: number): number[] {
  const scored: { row: number; score: number }[] = [];
  for (let row = 0; row < vectors.length / d; row += 1) {
    let norm = 0;
    let dot = 0;
    for (let i = 0; i < d; i += 1) {
      norm += vectors[row * d + i]! ** 2;
      dot += vectors[row * d + i]! * query[i]!;
    }
    scored.push({ row, score: dot / Math.sqrt(norm) });
  }
  return scored.sort((a, b) => b.score - a.score).slice(0, k).map((s) => s.row);
}

function randomRows(rows: number, d: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: rows * d }, () => random.gaussian());
}

describe('ExactScan', () => {
  it('finds the same top-k as scoring and sorting every row, best first', () => {
    // 7 dimensions: not a multiple of 4, so the unrolled loop's remainder counts.
    const d = 7;
    const vectors = randomRows(500, d, 1);
    const reference = Float32Array.from(vectors);
    const scan = new ExactScan(vectors, d);
    const queries = randomRows(20, d, 2);
    for (let q = 0; q < 20; q += 1) {
      const query = queries.subarray(q * d, (q + 1) * d);
      expect(Array.from(scan.search(query, 10))).toEqual(sortedTopK(reference, d, query, 10));
    }
  });

  it('ranks by cosine, not by length', () => {
    const scan = new ExactScan(Float32Array.from([10, 0, 0, 1, 0.9, 0.1]), 2);
    expect(Array.from(scan.search(Float32Array.from([0, 1]), 2))).toEqual([1, 2]);
  });

  it('returns every row when k is larger than the corpus, and refuses a k above its buffers', () => {
    const scan = new ExactScan(Float32Array.from([1, 0, 0, 1, 1, 1]), 2, 5);
    expect(Array.from(scan.search(Float32Array.from([1, 0]), 5))).toEqual([0, 2, 1]);
    expect(() => scan.search(Float32Array.from([1, 0]), 6)).toThrow(/maxK/);
  });

  it('rejects a query of the wrong dimension', () => {
    const scan = new ExactScan(new Float32Array(8), 4);
    expect(() => scan.search(new Float32Array(3), 1)).toThrow(/dimensions/);
  });
});

describe('recallAtK', () => {
  it('is the share of the true top k that was found, whatever the order', () => {
    expect(recallAtK([1, 2, 3, 4], [4, 3, 2, 1], 4)).toBe(1);
    expect(recallAtK([1, 2, 9, 8], [1, 2, 3, 4], 4)).toBe(0.5);
    expect(recallAtK([], [1, 2], 2)).toBe(0);
  });

  it('only looks at the first k of each list', () => {
    expect(recallAtK([5, 1, 2], [1, 2, 5], 2)).toBe(0.5);
  });
});

describe('synthetic vectors', () => {
  it('are unit length and the same for the same seed', () => {
    const mixture = new VectorMixture({ dimensions: 16, clusters: 4, clusterRank: 2, spread: 1, noise: 0.5, seed: 3 });
    const a = mixture.sample(10, 1);
    expect(Array.from(a)).toEqual(Array.from(mixture.sample(10, 1)));
    for (let row = 0; row < 10; row += 1) {
      const norm = Math.hypot(...a.subarray(row * 16, (row + 1) * 16));
      expect(norm).toBeCloseTo(1, 5);
    }
    const zero = new Float32Array(4);
    normalizeRows(zero, 4);
    expect(Array.from(zero)).toEqual([0, 0, 0, 0]);
  });
});
