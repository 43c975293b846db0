import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadArticle } from '../src/corpus/article.js';
import { LexicalEmbeddings } from '../src/embeddings/lexical.js';
import { indexTexts } from '../src/retrieval/index-store.js';
import { RARITY_FILE, rarityKey, rarityWeights } from '../src/retrieval/rarity-cache.js';
import { tempEngine } from './support/engine.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe('the rarity weights kept beside the index', () => {
  it('are saved by the first start and read by the next, which answers the same', async () => {
    const first = await tempEngine();
    cleanups.push(first.cleanup);
    const file = path.join(first.config.indexDir, RARITY_FILE);
    const saved = JSON.parse(await readFile(file, 'utf8')) as { key: string; documentCount: number };
    const article = await loadArticle();
    expect(saved.key).toBe(rarityKey(article));
    // Another article (or the same one edited) has another key.
    expect(rarityKey({ ...article, hash: 'another' })).not.toBe(saved.key);
    const read = await rarityWeights(article, first.config.indexDir, saved.key);
    expect(read.cached).toBe(true);
    // The same weights as a fit, so the same embedder identity: the saved index stays valid.
    expect(read.lexical.identity).toBe(LexicalEmbeddings.fit(indexTexts(article)).identity);
    const second = await tempEngine({ INDEX_DIR: first.config.indexDir });
    cleanups.push(second.cleanup);
    expect(second.logs.lines.filter((l) => l.includes('rebuilding'))).toEqual([]);
    for (const question of ['who founded alibaba?', 'c koi cloud foundry', 'quelle est la météo demain ?']) {
      const [a, b] = [await first.engine.ask(question), await second.engine.ask(question)];
      expect(b.answer, question).toBe(a.answer);
    }
  });

  it('are fitted again when their key or their file does not match, and saved again', async () => {
    const { config, cleanup } = await tempEngine();
    cleanups.push(cleanup);
    const article = await loadArticle();
    const file = path.join(config.indexDir, RARITY_FILE);
    const good = await readFile(file, 'utf8');
    for (const damaged of [good.replace(/"key":"[0-9a-f]+"/, '"key":"stale"'), '{ not json', '{"format":2}']) {
      await writeFile(file, damaged);
      expect((await rarityWeights(article, config.indexDir, rarityKey(article))).cached).toBe(false);
      // A start fits them again and puts a valid file back, the index itself kept.
      const restarted = await tempEngine({ INDEX_DIR: config.indexDir });
      expect(restarted.logs.lines.filter((l) => l.includes('rebuilding'))).toEqual([]);
      expect((await rarityWeights(article, config.indexDir, rarityKey(article))).cached).toBe(true);
      await restarted.cleanup();
    }
  });
});
