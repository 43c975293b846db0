import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Document } from '@langchain/core/documents';
import { LexicalEmbeddings } from '../embeddings/lexical.js';
import { percentile } from '../eval/metrics.js';
import { type HnswParams, HnswVectorStore } from '../store/hnsw-store.js';
import type { CurvePoint } from './curve-svg.js';
import { recallAtK } from './exact-scan.js';
import { rowAsArray } from './synthetic-vectors.js';
import { QUERY_K, RECALL_K, RECALL_QUERIES, type VectorWorkload } from './vector-workload.js';

const BATCH = 1000;
const WARM_UP_QUERIES = 50;
const LOADS = 3;
// The store never embeds here: every vector is given. It only needs some embedder to satisfy its type.
const UNUSED_EMBEDDINGS = new LexicalEmbeddings();

export interface BuiltStore {
  store: HnswVectorStore;
  params: HnswParams;
  /** Time inside addVectors only, not the conversion of rows to arrays. */
  buildMs: number;
}

export interface StoreRow {
  n: number;
  m: number;
  efConstruction: number;
  efSearch: number;
  buildMs: number;
  /** Median of LOADS loads of the saved folder (warm page cache: it was just written). */
  loadMs: number;
  bytes: number;
  queryP50Ms: number;
  queryP99Ms: number;
  recallAt10: number;
  exactQueryP50Ms: number;
  /** Exact scan p50 over index p50, both for a top-5 query in this run. */
  speedup: number;
}

/** Builds the real store over the workload's vectors, each with a one-field metadata naming its row. */
export async function buildStore(workload: VectorWorkload, params: HnswParams): Promise<BuiltStore> {
  const store = new HnswVectorStore(UNUSED_EMBEDDINGS, { dimensions: workload.dimensions, params: { ...params }, capacity: workload.n });
  let buildMs = 0;
  for (let start = 0; start < workload.n; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, workload.n - start) }, (_, i) => start + i);
    const vectors = rows.map((row) => rowAsArray(workload.vectors, workload.dimensions, row));
    const documents = rows.map((row) => new Document({ pageContent: '', metadata: { row } }));
    const t0 = performance.now();
    await store.addVectors(vectors, documents);
    buildMs += performance.now() - t0;
  }
  return { store, params, buildMs };
}

/** Recall@10 and query p50 at each efSearch, on one built graph. */
export function sweepEfSearch(built: BuiltStore, workload: VectorWorkload, efValues: readonly number[]): CurvePoint[] {
  return efValues.map((efSearch) => {
    // The store reads params.efSearch at every search, so one graph serves the whole sweep.
    built.store.params.efSearch = efSearch;
    const times = timeSearches(built.store, workload.queries.slice(0, RECALL_QUERIES), RECALL_K);
    const recallAt10 = measureRecall(built.store, workload);
    return { n: workload.n, m: built.params.m, efConstruction: built.params.efConstruction, efSearch, recallAt10, queryP50Ms: percentile(times, 50) };
  });
}

/** Saves the store with `efSearch`, loads it back LOADS times, and measures the loaded copy as the bot would use it. */
export async function measureStoreRow(built: BuiltStore, workload: VectorWorkload, efSearch: number): Promise<StoreRow> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-store-'));
  try {
    const saved = path.join(dir, 'index');
    built.store.params.efSearch = efSearch;
    await built.store.save(saved);
    const bytes = await folderBytes(saved);
    const loadTimes: number[] = [];
    let loaded: HnswVectorStore | undefined;
    for (let i = 0; i < LOADS; i += 1) {
      const t0 = performance.now();
      loaded = await HnswVectorStore.load(saved, UNUSED_EMBEDDINGS);
      loadTimes.push(performance.now() - t0);
    }
    const times = timeSearches(loaded!, workload.queries, QUERY_K);
    const queryP50Ms = percentile(times, 50);
    return {
      n: workload.n,
      m: built.params.m,
      efConstruction: built.params.efConstruction,
      efSearch,
      buildMs: built.buildMs,
      loadMs: percentile(loadTimes, 50),
      bytes,
      queryP50Ms,
      queryP99Ms: percentile(times, 99),
      recallAt10: measureRecall(loaded!, workload),
      exactQueryP50Ms: workload.exactQueryP50Ms,
      speedup: workload.exactQueryP50Ms / queryP50Ms,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Per-search times of `k`-nearest queries, after a warm-up that is not timed. */
function timeSearches(store: HnswVectorStore, queries: readonly number[][], k: number): number[] {
  for (const query of queries.slice(0, WARM_UP_QUERIES)) store.searchVector(query, k);
  return queries.map((query) => {
    const t0 = performance.now();
    store.searchVector(query, k);
    return performance.now() - t0;
  });
}

/** Mean recall@10 over the queries that have an exact answer. */
function measureRecall(store: HnswVectorStore, workload: VectorWorkload): number {
  let sum = 0;
  workload.truth.forEach((truth, i) => {
    const found = store.searchVector(workload.queries[i]!, RECALL_K).map(([doc]) => doc.metadata.row as number);
    sum += recallAtK(found, truth, RECALL_K);
  });
  return sum / workload.truth.length;
}

async function folderBytes(dir: string): Promise<number> {
  const names = await readdir(dir);
  const sizes = await Promise.all(names.map(async (name) => (await stat(path.join(dir, name))).size));
  return sizes.reduce((sum, size) => sum + size, 0);
}
