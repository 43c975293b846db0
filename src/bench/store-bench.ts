import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Document } from '@langchain/core/documents';
import { LexicalEmbeddings } from '../embeddings/lexical.js';
import { percentile } from '../eval/metrics.js';
import { type HnswParams, HnswVectorStore } from '../store/hnsw-store.js';
import type { CurvePoint } from './curve-svg.js';
import { recallAtK } from './exact-scan.js';
import { rowAsArray } from './synthetic-vectors.js';
import { QUERY_K, RECALL_K, type VectorWorkload } from './vector-workload.js';

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

/** How long one graph took to build, for the curve's table. */
export interface GraphBuild {
  n: number;
  m: number;
  efConstruction: number;
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
  /** Median of LOADS plain reads of every byte of the same folder's files, taken in turn with the loads. */
  rawReadMs: number;
  /** loadMs over rawReadMs: what loading costs beyond reading the bytes, which the disk decides. */
  loadRatio: number;
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

/**
 * Recall@10 and query p50 of every graph at every efSearch. Settings take turns, so a burst of load from
 * elsewhere on the machine lands on all of them alike rather than bending one part of the curve; each turn
 * a setting takes the query after the previous setting's, so no search runs on caches its neighbour warmed
 * with the same query. Every setting still answers every query once.
 */
export function sweepCurve(graphs: readonly BuiltStore[], workload: VectorWorkload, efValues: readonly number[]): CurvePoint[] {
  const settings = graphs.flatMap((built) => efValues.map((efSearch) => ({ built, efSearch, times: [] as number[], recallSum: 0 })));
  const search = (setting: (typeof settings)[number], query: number[]) => {
    // The store reads params.efSearch at every search, so one graph serves the whole sweep.
    setting.built.store.params.efSearch = setting.efSearch;
    return setting.built.store.searchVector(query, RECALL_K);
  };
  for (const setting of settings) for (const query of workload.queries.slice(0, WARM_UP_QUERIES)) search(setting, query);
  const count = workload.truth.length;
  for (let turn = 0; turn < count; turn += 1) {
    settings.forEach((setting, s) => {
      const i = (turn + s) % count;
      const t0 = performance.now();
      const hits = search(setting, workload.queries[i]!);
      setting.times.push(performance.now() - t0);
      setting.recallSum += recallAtK(rowsOf(hits), workload.truth[i]!, RECALL_K);
    });
  }
  return settings.map(({ built, efSearch, times, recallSum }) => ({
    n: workload.n,
    m: built.params.m,
    efConstruction: built.params.efConstruction,
    efSearch,
    recallAt10: recallSum / count,
    queryP50Ms: percentile(times, 50),
  }));
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
    const readTimes: number[] = [];
    let loaded: HnswVectorStore | undefined;
    for (let i = 0; i < LOADS; i += 1) {
      // A start loads into a process that holds no other copy: the last one is let go (and, under npm run bench's
      // --expose-gc, collected) first, or the next load pays for fresh memory beside it (measured 1.2–4× slower).
      loaded = undefined;
      (globalThis as { gc?: () => void }).gc?.();
      readTimes.push(await timeRawRead(saved));
      const t0 = performance.now();
      loaded = await HnswVectorStore.load(saved, UNUSED_EMBEDDINGS);
      loadTimes.push(performance.now() - t0);
    }
    const loadMs = percentile(loadTimes, 50);
    const rawReadMs = percentile(readTimes, 50);
    const times = timeSearches(loaded!, workload.queries, QUERY_K);
    const queryP50Ms = percentile(times, 50);
    return {
      n: workload.n,
      m: built.params.m,
      efConstruction: built.params.efConstruction,
      efSearch,
      buildMs: built.buildMs,
      loadMs,
      rawReadMs,
      loadRatio: loadMs / rawReadMs,
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
    sum += recallAtK(rowsOf(store.searchVector(workload.queries[i]!, RECALL_K)), truth, RECALL_K);
  });
  return sum / workload.truth.length;
}

function rowsOf(hits: ReturnType<HnswVectorStore['searchVector']>): number[] {
  return hits.map(([doc]) => doc.metadata.row as number);
}

/** Reads every file of the folder into memory and drops it: the floor under any load of the same bytes. */
async function timeRawRead(dir: string): Promise<number> {
  const started = performance.now();
  for (const name of await readdir(dir)) await readFile(path.join(dir, name));
  return performance.now() - started;
}

async function folderBytes(dir: string): Promise<number> {
  const names = await readdir(dir);
  const sizes = await Promise.all(names.map(async (name) => (await stat(path.join(dir, name))).size));
  return sizes.reduce((sum, size) => sum + size, 0);
}
