import { percentile } from '../eval/metrics.js';
import { ExactScan } from './exact-scan.js';
import type { VectorMixture } from './synthetic-vectors.js';

/** Queries timed against the index; the first RECALL_QUERIES of them also get an exact answer for recall. */
const TIMED_QUERIES = 1000;
export const RECALL_QUERIES = 200;
/** The exact scan's timing is steady from one query to the next, so fewer runs suffice. */
const EXACT_TIMED_QUERIES = 50;
export const RECALL_K = 10;
export const QUERY_K = 5;

/** Everything measured at one corpus size: the vectors, the queries, and the exact answers to compare with. */
export interface VectorWorkload {
  n: number;
  dimensions: number;
  vectors: Float32Array;
  /** Query vectors in the plain-array form the store takes. */
  queries: number[][];
  /** Exact top-RECALL_K rows of each of the first RECALL_QUERIES queries. */
  truth: Int32Array[];
  /** The exact scan's p50 for a top-QUERY_K query, measured in this run. */
  exactQueryP50Ms: number;
  generateMs: number;
}

export function prepareWorkload(mixture: VectorMixture, n: number): VectorWorkload {
  const d = mixture.model.dimensions;
  const started = performance.now();
  // The same seed at every size, so each corpus begins with the smaller one.
  const vectors = mixture.sample(n, mixture.model.seed + 1);
  const queryVectors = mixture.sample(TIMED_QUERIES, mixture.model.seed + 2);
  const generateMs = performance.now() - started;
  const exact = new ExactScan(vectors, d, RECALL_K);
  const query = (i: number) => queryVectors.subarray(i * d, (i + 1) * d);
  const truth = Array.from({ length: RECALL_QUERIES }, (_, i) => exact.search(query(i), RECALL_K));
  const exactTimes = Array.from({ length: EXACT_TIMED_QUERIES }, (_, i) => {
    const t0 = performance.now();
    exact.search(query(i), QUERY_K);
    return performance.now() - t0;
  });
  return {
    n,
    dimensions: d,
    vectors,
    queries: Array.from({ length: TIMED_QUERIES }, (_, i) => Array.from(query(i))),
    truth,
    exactQueryP50Ms: percentile(exactTimes, 50),
    generateMs,
  };
}
