import { Document } from '@langchain/core/documents';
import type { Article } from '../corpus/article.js';
import type { Logger } from '../log.js';
import { HnswVectorStore, IndexLoadError } from '../store/hnsw-store.js';
import { type Embedder, passageEmbeddingText } from './embedders.js';

export interface OpenedIndex {
  store: HnswVectorStore;
  /** Why the index was rebuilt, or undefined when the saved one was used. */
  rebuiltBecause?: string;
  ms: number;
}

/** Builds the index over every passage of the article, in every language. */
export async function buildIndex(article: Article, embedder: Embedder): Promise<HnswVectorStore> {
  const store = new HnswVectorStore(embedder.embeddings, { dimensions: await embedder.dimensions(), capacity: article.passages.length });
  await store.addDocuments(
    article.passages.map(
      (p) =>
        new Document({
          pageContent: passageEmbeddingText(p),
          metadata: { passageId: p.id, lang: p.lang, translated: p.translated, paragraph: p.paragraph },
          id: `${p.id}:${p.lang}`,
        }),
    ),
  );
  return store;
}

/**
 * Loads the saved index when it was built from this article by this embedder; otherwise (missing, corrupt,
 * another embedder, another text) rebuilds and saves it, with one log line saying why.
 */
export async function openIndex(options: { dir: string; article: Article; embedder: Embedder; logger: Logger; forceRebuild?: boolean }): Promise<OpenedIndex> {
  const { dir, article, embedder, logger } = options;
  const started = performance.now();
  const stamp = { embedder: embedder.identity, corpus: article.hash };
  let reason = options.forceRebuild ? 'rebuild requested' : undefined;
  if (!reason) {
    try {
      const saved = await HnswVectorStore.readStamp(dir);
      if (saved.embedder !== stamp.embedder) reason = `it was built by another embedder (${saved.embedder})`;
      else if (saved.corpus !== stamp.corpus) reason = 'the article text changed';
      else return { store: await HnswVectorStore.load(dir, embedder.embeddings), ms: performance.now() - started };
    } catch (error) {
      if (!(error instanceof IndexLoadError)) throw error;
      reason = error.message;
    }
  }
  logger.info({ indexDir: dir, reason }, `rebuilding the vector index: ${reason}`);
  const store = await buildIndex(article, embedder);
  try {
    await store.save(dir, stamp);
  } catch (error) {
    // A read-only disk costs a rebuild at the next start, nothing else.
    logger.warn({ indexDir: dir, err: (error as Error).message }, 'could not save the vector index; it will be rebuilt next time');
  }
  return { store, rebuiltBecause: reason, ms: performance.now() - started };
}
