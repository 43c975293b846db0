import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DERIVED_FILE, derivedKey, readDerived } from '../src/answer/derived-cache.js';
import { ArticleLexicon } from '../src/answer/question.js';
import { loadArticle } from '../src/corpus/article.js';
import { LexicalEmbeddings } from '../src/embeddings/lexical.js';
import { indexTexts } from '../src/retrieval/index-store.js';
import { tempEngine } from './support/engine.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe('the data derived from the article, kept beside the index', () => {
  it('is saved by the first start and read by the next, which answers the same', async () => {
    const first = await tempEngine();
    cleanups.push(first.cleanup);
    const file = path.join(first.config.indexDir, DERIVED_FILE);
    const saved = JSON.parse(await readFile(file, 'utf8')) as { key: string; intents: unknown[] };
    const article = await loadArticle();
    expect(saved.key).toBe(derivedKey(article));
    // Another article (or the same one edited) has another key.
    expect(derivedKey({ ...article, hash: 'another' })).not.toBe(saved.key);
    // Every anticipated and unanswered question's intent is there, so no first answer has to work one out.
    expect(saved.intents).toHaveLength(new Set([...article.anticipated, ...article.unanswered].map((q) => q.q)).size);
    const read = await readDerived(article, first.config.indexDir, saved.key);
    expect(read.cached).toBe(true);
    // The same weights as a fit, so the same embedder identity: the saved index stays valid.
    expect(read.lexical.identity).toBe(LexicalEmbeddings.fit(indexTexts(article)).identity);
    // The lexicon read back is the one derived from the article, down to its order (names longest first).
    expect(read.lexicon.snapshot()).toEqual(new ArticleLexicon(article).snapshot());
    const second = await tempEngine({ INDEX_DIR: first.config.indexDir });
    cleanups.push(second.cleanup);
    expect(second.logs.lines.filter((l) => l.includes('rebuilding'))).toEqual([]);
    for (const question of ['who founded alibaba?', 'c koi cloud foundry', 'qui a fondé alibba', 'quelle est la météo demain ?', 'what did the CTO say?']) {
      const [a, b] = [await first.engine.ask(question), await second.engine.ask(question)];
      expect(b.answer, question).toBe(a.answer);
    }
  });

  // Starts the engine several times, each working the data out again: over 30 s once on two busy cores.
  it('is worked out again when its key or its file does not match, and saved again', async () => {
    const { config, cleanup } = await tempEngine();
    cleanups.push(cleanup);
    const article = await loadArticle();
    const file = path.join(config.indexDir, DERIVED_FILE);
    const good = await readFile(file, 'utf8');
    for (const damaged of [good.replace(/"key":"[0-9a-f]+"/, '"key":"stale"'), '{ not json', '{"format":3}', good.replace(/,"intents":\[.*\]\}$/, '}')]) {
      expect(damaged).not.toBe(good);
      await writeFile(file, damaged);
      expect((await readDerived(article, config.indexDir, derivedKey(article))).cached).toBe(false);
      // A start works it out again and puts a valid file back, the index itself kept.
      const restarted = await tempEngine({ INDEX_DIR: config.indexDir });
      expect(restarted.logs.lines.filter((l) => l.includes('rebuilding'))).toEqual([]);
      expect((await readDerived(article, config.indexDir, derivedKey(article))).cached).toBe(true);
      await restarted.cleanup();
    }
  }, 120_000);
});
