import { mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Document } from '@langchain/core/documents';
import { afterEach, describe, expect, it } from 'vitest';
import { loadArticle } from '../src/corpus/article.js';
import { LexicalEmbeddings } from '../src/embeddings/lexical.js';
import { HnswVectorStore, IndexLoadError } from '../src/store/hnsw-store.js';
import { createEmbedder, passageEmbeddingText } from '../src/retrieval/embedders.js';
import { openIndex, preloadIndex } from '../src/retrieval/index-store.js';
import { loadEngineConfig } from '../src/config/env.js';
import { captureLogs } from './support/engine.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hnsw-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function setup() {
  const article = await loadArticle();
  const lexical = LexicalEmbeddings.fit(article.passages.map(passageEmbeddingText));
  const embedder = await createEmbedder(loadEngineConfig({}), lexical);
  return { article, embedder, dir: path.join(await tempDir(), 'index') };
}

describe('HnswVectorStore', () => {
  it('finds the nearest documents by cosine similarity and grows past its initial capacity', async () => {
    const store = new HnswVectorStore(new LexicalEmbeddings({ dimensions: 3 }), { dimensions: 3, capacity: 1 });
    await store.addVectors(
      [[1, 0, 0], [0, 1, 0], [0.9, 0.1, 0], [0, 0, 1]],
      ['x', 'y', 'x-ish', 'z'].map((pageContent) => new Document({ pageContent })),
    );
    const results = await store.similaritySearchVectorWithScore([1, 0, 0], 2);
    expect(results.map(([d]) => d.pageContent)).toEqual(['x', 'x-ish']);
    expect(results[0]![1]).toBeCloseTo(1, 5);
    expect(store.size).toBe(4);
    // Asking for more neighbours than exist returns what there is instead of throwing.
    expect(await store.similaritySearchVectorWithScore([0, 0, 1], 10)).toHaveLength(4);
    const filtered = await store.similaritySearchVectorWithScore([1, 0, 0], 1, (d) => d.pageContent !== 'x');
    expect(filtered[0]![0].pageContent).toBe('x-ish');
  });

  it('rejects vectors of the wrong dimension', async () => {
    const store = new HnswVectorStore(new LexicalEmbeddings({ dimensions: 3 }), { dimensions: 3 });
    await expect(store.addVectors([[1, 0]], [new Document({ pageContent: 'a' })])).rejects.toThrow(/2 dimensions/);
  });

  it('saves and loads to the same search results, documents and metadata', async () => {
    const { article, embedder, dir } = await setup();
    const { logger } = captureLogs();
    const opened = await openIndex({ dir, article, embedder, logger });
    const query = await embedder.embeddings.embedQuery('Qui a fondé Alibaba ?');
    const before = opened.store.searchVector(query, 5);
    const loaded = await HnswVectorStore.load(dir, embedder.embeddings);
    const after = loaded.searchVector(query, 5);
    expect(after.map(([d, s]) => [d.id, d.metadata, s.toFixed(6)])).toEqual(before.map(([d, s]) => [d.id, d.metadata, s.toFixed(6)]));
    expect(loaded.size).toBe(opened.store.size);
  });

  it('uses the saved index when nothing changed, and says nothing, read ahead or not', async () => {
    const { article, embedder, dir } = await setup();
    const built = await openIndex({ dir, article, embedder, logger: captureLogs().logger });
    const logs = captureLogs();
    const again = await openIndex({ dir, article, embedder, logger: logs.logger });
    const ahead = await openIndex({ dir, article, embedder, logger: logs.logger, preloaded: preloadIndex(dir) });
    expect([again.rebuiltBecause, ahead.rebuiltBecause]).toEqual([undefined, undefined]);
    expect(ahead.store.size).toBe(built.store.size);
    expect(logs.lines).toEqual([]);
  });

  const damages: [string, (dir: string) => Promise<void>, RegExp][] = [
    ['missing', async (dir) => rm(dir, { recursive: true }), /no saved index/],
    ['truncated', async (dir) => truncate(path.join(dir, 'hnsw.bin'), 100), /corrupt \(100 bytes/],
    [
      'damaged (same size)',
      async (dir) => {
        const file = path.join(dir, 'hnsw.bin');
        const bytes = await readFile(file);
        // Every byte flipped, so the damage shows whatever the bytes held.
        for (let i = bytes.length >> 1; i < (bytes.length >> 1) + 64; i += 1) bytes[i] = bytes[i]! ^ 0xff;
        await writeFile(file, bytes);
      },
      /checksum mismatch/,
    ],
    ['garbage metadata', async (dir) => writeFile(path.join(dir, 'meta.json'), '\u0000\u0001not json'), /unreadable/],
    ['missing documents', async (dir) => rm(path.join(dir, 'docs.json')), /cannot read/],
    [
      'another embedder',
      async (dir) => {
        const meta = JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8'));
        meta.stamp.embedder = 'openai/text-embedding-3-small';
        await writeFile(path.join(dir, 'meta.json'), JSON.stringify(meta));
      },
      /another embedder/,
    ],
    [
      'another text',
      async (dir) => {
        const meta = JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8'));
        meta.stamp.corpus = 'something-else';
        await writeFile(path.join(dir, 'meta.json'), JSON.stringify(meta));
      },
      /article text changed/,
    ],
  ];
  // Preloaded: the read begun before the embedder exists (as the engine starts) fails the same way, and only
  // when openIndex awaits it (an unhandled rejection in between would fail the run).
  for (const [[name, damage, reason], preload] of damages.flatMap((d) => [false, true].map((p) => [d, p] as const))) {
    it(`rebuilds a ${name} index${preload ? ' read ahead' : ''} with one log line saying why, then works`, async () => {
      const { article, embedder, dir } = await setup();
      await openIndex({ dir, article, embedder, logger: captureLogs().logger });
      await damage(dir);
      const preloaded = preload ? preloadIndex(dir) : undefined;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const logs = captureLogs();
      const reopened = await openIndex({ dir, article, embedder, logger: logs.logger, preloaded });
      expect(reopened.rebuiltBecause).toMatch(reason);
      expect(logs.lines).toHaveLength(1);
      expect(JSON.parse(logs.lines[0]!).msg).toMatch(reason);
      expect(reopened.store.size).toBeGreaterThan(0);
      // The rebuilt index was saved: the next start loads it without a word.
      const quiet = captureLogs();
      expect((await openIndex({ dir, article, embedder, logger: quiet.logger })).rebuiltBecause).toBeUndefined();
      expect((await stat(path.join(dir, 'hnsw.bin'))).size).toBeGreaterThan(100);
    });
  }

  it('hashes the index again only when the file is not the one written: rewritten alike, or saved without its stamp', async () => {
    const { article, embedder, dir } = await setup();
    await openIndex({ dir, article, embedder, logger: captureLogs().logger });
    const file = path.join(dir, 'hnsw.bin');
    const metaFile = path.join(dir, 'meta.json');
    const meta = JSON.parse(await readFile(metaFile, 'utf8'));
    const { ino, mtimeMs } = await stat(file);
    expect(meta.index.written).toEqual({ ino, mtimeMs });
    // The same bytes written again: another modification time, so the checksum is worked out, and it matches.
    await writeFile(file, await readFile(file));
    expect((await HnswVectorStore.load(dir, embedder.embeddings)).size).toBeGreaterThan(0);
    // A save from before the stamp: the checksum decides, and still catches damage.
    delete meta.index.written;
    await writeFile(metaFile, JSON.stringify(meta));
    expect((await HnswVectorStore.load(dir, embedder.embeddings)).size).toBeGreaterThan(0);
    const bytes = await readFile(file);
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
    await writeFile(file, bytes);
    await expect(HnswVectorStore.load(dir, embedder.embeddings)).rejects.toThrow(/checksum mismatch/);
  });

  it('raises IndexLoadError, not a crash, when the binary file is swapped for another', async () => {
    const { article, embedder, dir } = await setup();
    await openIndex({ dir, article, embedder, logger: captureLogs().logger });
    await writeFile(path.join(dir, 'hnsw.bin'), Buffer.alloc(4096, 7));
    await expect(HnswVectorStore.load(dir, embedder.embeddings)).rejects.toBeInstanceOf(IndexLoadError);
  });
});
