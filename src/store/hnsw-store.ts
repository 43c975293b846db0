import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { Document, type DocumentInterface } from '@langchain/core/documents';
import { VectorStore } from '@langchain/core/vectorstores';
// hnswlib-node is CommonJS: its classes hang off the default export (a named import fails at run time).
import hnswlib from 'hnswlib-node';

export interface HnswParams {
  /** Graph links per node: more means better recall, more memory and slower builds. */
  m: number;
  /** Candidate list size while building. */
  efConstruction: number;
  /** Candidate list size while searching; raised to k when k is larger. */
  efSearch: number;
}

/** Chosen from the recall/latency curve that `npm run bench` draws (see README). */
export const DEFAULT_HNSW_PARAMS: HnswParams = { m: 16, efConstruction: 100, efSearch: 64 };

const INDEX_FILE = 'hnsw.bin';
const DOCS_FILE = 'docs.json';
const META_FILE = 'meta.json';
const FORMAT = 2;

interface StoreMeta {
  format: number;
  dimensions: number;
  count: number;
  params: HnswParams;
  /** Fingerprint of the binary index, checked before the native reader ever sees the file. */
  index: IndexFingerprint;
  /** Anything the owner wants to check on load (embedder identity, corpus hash). */
  stamp: Record<string, string>;
}

export class IndexLoadError extends Error {}

type Filter = (doc: DocumentInterface) => boolean;

/** A LangChain VectorStore over an in-process HNSW graph (cosine space), saved as three files in a folder. */
export class HnswVectorStore extends VectorStore {
  declare FilterType: Filter;
  readonly dimensions: number;
  readonly params: HnswParams;
  private index: InstanceType<typeof hnswlib.HierarchicalNSW>;
  private docs: DocumentInterface[] = [];

  _vectorstoreType(): string {
    return 'hnswlib-node';
  }

  constructor(embeddings: EmbeddingsInterface, options: { dimensions: number; params?: Partial<HnswParams>; capacity?: number }) {
    super(embeddings, {});
    this.dimensions = options.dimensions;
    this.params = { ...DEFAULT_HNSW_PARAMS, ...options.params };
    this.index = new hnswlib.HierarchicalNSW('cosine', this.dimensions);
    this.index.initIndex({ maxElements: Math.max(16, options.capacity ?? 16), m: this.params.m, efConstruction: this.params.efConstruction });
    this.index.setEf(this.params.efSearch);
  }

  get size(): number {
    return this.docs.length;
  }

  async addDocuments(documents: DocumentInterface[]): Promise<string[]> {
    const vectors = await this.embeddings.embedDocuments(documents.map((d) => d.pageContent));
    return this.addVectors(vectors, documents);
  }

  async addVectors(vectors: number[][], documents: DocumentInterface[]): Promise<string[]> {
    if (vectors.length !== documents.length) throw new Error(`${vectors.length} vectors for ${documents.length} documents`);
    const needed = this.docs.length + vectors.length;
    if (needed > this.index.getMaxElements()) this.index.resizeIndex(Math.max(needed, this.index.getMaxElements() * 2));
    const ids: string[] = [];
    vectors.forEach((vector, i) => {
      if (vector.length !== this.dimensions) {
        throw new Error(`vector of ${vector.length} dimensions added to an index of ${this.dimensions}`);
      }
      const label = this.docs.length;
      this.index.addPoint(vector, label);
      const doc = documents[i]!;
      const id = doc.id ?? String(label);
      this.docs.push(new Document({ pageContent: doc.pageContent, metadata: doc.metadata, id }));
      ids.push(id);
    });
    return ids;
  }

  /** Nearest documents with their cosine similarity (1 is identical, 0 unrelated). */
  async similaritySearchVectorWithScore(query: number[], k: number, filter?: Filter): Promise<[DocumentInterface, number][]> {
    return this.searchVector(query, k, filter);
  }

  /** Synchronous core of the search, for callers that measure it. */
  searchVector(query: number[], k: number, filter?: Filter): [DocumentInterface, number][] {
    const n = Math.min(k, this.docs.length);
    if (n === 0) return [];
    if (query.length !== this.dimensions) throw new Error(`query of ${query.length} dimensions against an index of ${this.dimensions}`);
    this.index.setEf(Math.max(this.params.efSearch, n));
    const labelFilter = filter ? (label: number) => filter(this.docs[label]!) : undefined;
    const { neighbors, distances } = this.index.searchKnn(query, n, labelFilter);
    return neighbors.map((label, i) => [this.docs[label]!, 1 - distances[i]!]);
  }

  /** Writes the index to `dir` atomically: a reader never sees a half-written folder. */
  async save(dir: string, stamp: Record<string, string> = {}): Promise<void> {
    const staging = `${dir}.tmp-${process.pid}-${Date.now()}`;
    await mkdir(staging, { recursive: true });
    try {
      const file = path.join(staging, INDEX_FILE);
      await this.index.writeIndex(file);
      // Renaming the folder keeps the file's inode and modification time.
      const { ino, mtimeMs } = await fileStamp(file);
      const index: IndexFingerprint = { ...(await fingerprint(file)), written: { ino, mtimeMs } };
      const docs = this.docs.map((d) => ({ id: d.id, pageContent: d.pageContent, metadata: d.metadata }));
      await writeFile(path.join(staging, DOCS_FILE), JSON.stringify(docs));
      const meta: StoreMeta = { format: FORMAT, dimensions: this.dimensions, count: this.docs.length, params: this.params, index, stamp };
      await writeFile(path.join(staging, META_FILE), JSON.stringify(meta, null, 2));
      await rm(dir, { recursive: true, force: true });
      await rename(staging, dir);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * Reads a saved index from `dir` without binding it to embeddings, so a caller can begin it before its embedder
   * exists; any missing, corrupt or inconsistent file raises IndexLoadError saying which.
   */
  static async read(dir: string): Promise<SavedIndex> {
    const meta = await readMeta(dir);
    const file = path.join(dir, INDEX_FILE);
    await checkIndexFile(file, meta.index);
    const index = new hnswlib.HierarchicalNSW('cosine', meta.dimensions);
    // hnswlib reads the graph on libuv's thread pool; the documents are read and parsed meanwhile, so a load
    // costs about the native read alone (at 100k passages: ~60 ms of JSON beside ~400 ms of graph).
    const [docs] = await Promise.all([readDocs(dir), index.readIndex(file)]);
    if (!Array.isArray(docs) || docs.length !== meta.count) throw new IndexLoadError(`${DOCS_FILE} does not match the index`);
    if (index.getCurrentCount() !== meta.count) throw new IndexLoadError(`${INDEX_FILE} holds ${index.getCurrentCount()} vectors, expected ${meta.count}`);
    return { stamp: meta.stamp, meta, index, docs };
  }

  /** The store over an index that `read` returned. */
  static fromSaved(saved: SavedIndex, embeddings: EmbeddingsInterface): HnswVectorStore {
    const { meta, index, docs } = saved;
    const store = new HnswVectorStore(embeddings, { dimensions: meta.dimensions, params: meta.params });
    store.index = index;
    store.index.setEf(meta.params.efSearch);
    store.docs = docs.map((d) => new Document(d));
    return store;
  }

  /** Loads a saved index; any missing, corrupt or inconsistent file raises IndexLoadError saying which. */
  static async load(dir: string, embeddings: EmbeddingsInterface): Promise<HnswVectorStore> {
    return HnswVectorStore.fromSaved(await HnswVectorStore.read(dir), embeddings);
  }
}

/** A saved index read from disk and checked, not yet bound to the embeddings that will search it. */
export interface SavedIndex {
  /** What the owner stamped it with when saving (embedder identity, corpus hash). */
  stamp: Record<string, string>;
  meta: StoreMeta;
  index: InstanceType<typeof hnswlib.HierarchicalNSW>;
  docs: SavedDocument[];
}

type SavedDocument = { id?: string; pageContent: string; metadata: Record<string, unknown> };

async function readDocs(dir: string): Promise<SavedDocument[]> {
  try {
    return JSON.parse(await readFile(path.join(dir, DOCS_FILE), 'utf8')) as SavedDocument[];
  } catch (error) {
    throw new IndexLoadError(`cannot read the saved index: ${(error as Error).message}`);
  }
}

async function readMeta(dir: string): Promise<StoreMeta> {
  let meta: StoreMeta;
  try {
    meta = JSON.parse(await readFile(path.join(dir, META_FILE), 'utf8')) as StoreMeta;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new IndexLoadError(code === 'ENOENT' ? 'no saved index' : `${META_FILE} is unreadable: ${(error as Error).message}`);
  }
  if (meta?.format !== FORMAT || typeof meta.dimensions !== 'number' || typeof meta.index?.sha256 !== 'string') {
    throw new IndexLoadError(`${META_FILE} has an unknown format`);
  }
  return meta;
}

interface IndexFingerprint {
  bytes: number;
  /** sha256 of the whole file when it is small, else of its size and SAMPLE_BLOCKS blocks spread over it. */
  sha256: string;
  /**
   * The file as it stood once written (inode and modification time): while they are unchanged, the checksum
   * matched when it was saved and still does, so a start does not read and hash the whole file again.
   */
  written?: FileStamp;
}

interface FileStamp {
  ino: number;
  mtimeMs: number;
}

async function fileStamp(file: string): Promise<FileStamp & { size: number }> {
  const { ino, mtimeMs, size } = await stat(file);
  return { ino, mtimeMs, size };
}

/**
 * Checks the index file against its fingerprint: its size always; its checksum unless the file is the very one
 * that was written (same inode, same modification time), which any rewrite, copy, swap or truncation changes. (A
 * file system that dates writes coarsely could miss a rewrite within its granularity of the save: none here does.)
 */
async function checkIndexFile(file: string, expected: IndexFingerprint): Promise<void> {
  let found: FileStamp & { size: number };
  try {
    found = await fileStamp(file);
  } catch (error) {
    throw new IndexLoadError(`cannot read the saved index: ${(error as Error).message}`);
  }
  if (found.size !== expected.bytes) throw new IndexLoadError(`${INDEX_FILE} is corrupt (${found.size} bytes, expected ${expected.bytes})`);
  if (expected.written?.ino === found.ino && expected.written.mtimeMs === found.mtimeMs) return;
  let hashed: IndexFingerprint;
  try {
    hashed = await fingerprint(file);
  } catch (error) {
    throw new IndexLoadError(`cannot read the saved index: ${(error as Error).message}`);
  }
  if (hashed.bytes !== expected.bytes) throw new IndexLoadError(`${INDEX_FILE} is corrupt (${hashed.bytes} bytes, expected ${expected.bytes})`);
  if (hashed.sha256 !== expected.sha256) throw new IndexLoadError(`${INDEX_FILE} is corrupt (checksum mismatch)`);
}

const FULL_HASH_MAX_BYTES = 64 * 1024 * 1024;
const SAMPLE_BLOCKS = 256;
const SAMPLE_BLOCK_BYTES = 4096;

/**
 * Catches a truncated, swapped or damaged file before hnswlib reads it. Hashing all of a large index would
 * cost as much as loading it (430 MB at 100k passages), so past 64 MB a spread sample stands in; under it the
 * whole file is hashed (about 14 ms for this article's 25 MB), so damage anywhere shows. A start skips it while the
 * file is the one written (see checkIndexFile).
 */
async function fingerprint(file: string): Promise<IndexFingerprint> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const hash = createHash('sha256').update(String(size));
    if (size <= FULL_HASH_MAX_BYTES) {
      hash.update(await handle.readFile());
    } else {
      const block = Buffer.alloc(SAMPLE_BLOCK_BYTES);
      for (let i = 0; i < SAMPLE_BLOCKS; i += 1) {
        const position = Math.floor(((size - SAMPLE_BLOCK_BYTES) * i) / (SAMPLE_BLOCKS - 1));
        const { bytesRead } = await handle.read(block, 0, SAMPLE_BLOCK_BYTES, position);
        hash.update(block.subarray(0, bytesRead));
      }
    }
    return { bytes: size, sha256: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}
