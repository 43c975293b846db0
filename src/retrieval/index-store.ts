import { Document } from '@langchain/core/documents';
import type { Article } from '../corpus/article.js';
import type { Logger } from '../log.js';
import { splitSentences } from '../text/sentences.js';
import { HnswVectorStore, IndexLoadError } from '../store/hnsw-store.js';
import { type Embedder, passageEmbeddingText } from './embedders.js';

/** Names what buildIndex puts in the index; change it whenever that changes so saved indexes are rebuilt. */
const INDEX_LAYOUT = 'paragraphs+sentences/1';

export interface OpenedIndex {
  store: HnswVectorStore;
  /** Why the index was rebuilt, or undefined when the saved one was used. */
  rebuiltBecause?: string;
  ms: number;
}

/**
 * Builds the index over every passage of the article, in every language: each paragraph as a whole and each
 * of its sentences, all pointing at the paragraph. A question that one sentence answers then finds its
 * paragraph even when the rest of a long paragraph is about something else.
 */
export async function buildIndex(article: Article, embedder: Embedder): Promise<HnswVectorStore> {
  const documents = article.passages.flatMap((p) => {
    const metadata = { passageId: p.id, lang: p.lang, translated: p.translated, paragraph: p.paragraph };
    const sentences = splitSentences(p.text);
    const whole = new Document({ pageContent: passageEmbeddingText(p), metadata: { ...metadata, sentence: -1 }, id: `${p.id}:${p.lang}` });
    if (sentences.length < 2) return [whole];
    return [whole, ...sentences.map((text, i) => new Document({ pageContent: text, metadata: { ...metadata, sentence: i }, id: `${p.id}:${p.lang}:${i}` }))];
  });
  const store = new HnswVectorStore(embedder.embeddings, { dimensions: await embedder.dimensions(), capacity: documents.length });
  await store.addDocuments(documents);
  return store;
}

/**
 * Loads the saved index when it was built from this article by this embedder; otherwise (missing, corrupt,
 * another embedder, another text) rebuilds and saves it, with one log line saying why.
 */
export async function openIndex(options: { dir: string; article: Article; embedder: Embedder; logger: Logger; forceRebuild?: boolean }): Promise<OpenedIndex> {
  const { dir, article, embedder, logger } = options;
  const started = performance.now();
  const stamp = { embedder: embedder.identity, corpus: article.hash, layout: INDEX_LAYOUT };
  let reason = options.forceRebuild ? 'rebuild requested' : undefined;
  if (!reason) {
    try {
      const saved = await HnswVectorStore.readStamp(dir);
      if (saved.embedder !== stamp.embedder) reason = `it was built by another embedder (${saved.embedder})`;
      else if (saved.corpus !== stamp.corpus) reason = 'the article text changed';
      else if (saved.layout !== stamp.layout) reason = 'the index layout changed';
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
