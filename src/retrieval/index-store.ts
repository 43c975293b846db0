import { Document } from '@langchain/core/documents';
import type { Article } from '../corpus/article.js';
import type { Logger } from '../log.js';
import { splitSentences } from '../text/sentences.js';
import { HnswVectorStore, IndexLoadError, type SavedIndex } from '../store/hnsw-store.js';
import { type Embedder, passageEmbeddingText } from './embedders.js';

/** Names what buildIndex puts in the index; change it whenever that changes so saved indexes are rebuilt. */
const INDEX_LAYOUT = 'paragraphs+sentences+anticipated+unanswered/3';

export interface OpenedIndex {
  store: HnswVectorStore;
  /** Why the index was rebuilt, or undefined when the saved one was used. */
  rebuiltBecause?: string;
  ms: number;
}

/** What one vector of the index stands for. */
export type UnitKind = 'paragraph' | 'sentence' | 'anticipated' | 'unanswered';

export interface UnitMetadata {
  kind: UnitKind;
  /**
   * The paragraph the unit belongs to (for an anticipated question, the paragraph of its first answer; for a
   * question the article does not answer, none: an empty id).
   */
  passageId: string;
  lang: string;
  translated: boolean;
  paragraph: number;
  /** The sentences the unit answers with, as `passageId#index` (0-based): its own, those it points to, or none. */
  sentences: string[];
}

export function sentenceKey(passageId: string, sentence: number): string {
  return `${passageId}#${sentence}`;
}

/**
 * The documents of the index: every passage in every language as a whole and sentence by sentence, and every
 * anticipated question. A question that one sentence answers finds it even when the rest of a long paragraph
 * is about something else; a question worded the way members ask finds the anticipated question it resembles,
 * and through it the sentences that answer, or a question the article is known not to answer.
 */
export function indexDocuments(article: Article): Document<UnitMetadata>[] {
  const paragraphOf = new Map(article.passages.map((p) => [p.id, p.paragraph]));
  const documents = article.passages.flatMap((p) => {
    const base = { passageId: p.id, lang: p.lang, translated: p.translated, paragraph: p.paragraph };
    const sentences = splitSentences(p.text);
    const keys = sentences.map((_, i) => sentenceKey(p.id, i));
    const whole = new Document<UnitMetadata>({ pageContent: passageEmbeddingText(p), metadata: { ...base, kind: 'paragraph', sentences: keys }, id: `${p.id}:${p.lang}` });
    const parts = sentences.map(
      (text, i) => new Document<UnitMetadata>({ pageContent: text, metadata: { ...base, kind: 'sentence', sentences: [keys[i]!] }, id: `${p.id}:${p.lang}:${i}` }),
    );
    return sentences.length < 2 ? parts : [whole, ...parts];
  });
  article.anticipated.forEach((question, i) => {
    const first = question.answers[0]!;
    documents.push(
      new Document<UnitMetadata>({
        pageContent: question.q,
        metadata: {
          kind: 'anticipated',
          passageId: first.passageId,
          lang: question.lang,
          translated: false,
          paragraph: paragraphOf.get(first.passageId) ?? 0,
          sentences: question.answers.map((a) => sentenceKey(a.passageId, a.sentence)),
        },
        id: `q${i}`,
      }),
    );
  });
  article.unanswered.forEach((question, i) => {
    documents.push(
      new Document<UnitMetadata>({
        pageContent: question.q,
        metadata: { kind: 'unanswered', passageId: '', lang: question.lang, translated: false, paragraph: 0, sentences: [] },
        id: `u${i}`,
      }),
    );
  });
  return documents;
}

/** Every text the index holds, for fitting the lexical embedder's rarity weights on exactly what it will embed. */
export function indexTexts(article: Article): string[] {
  return indexDocuments(article).map((d) => d.pageContent);
}

export async function buildIndex(article: Article, embedder: Embedder): Promise<HnswVectorStore> {
  const documents = indexDocuments(article);
  const store = new HnswVectorStore(embedder.embeddings, { dimensions: await embedder.dimensions(), capacity: documents.length });
  await store.addDocuments(documents);
  return store;
}

/**
 * Starts reading the saved index in `dir` now, so the disk and the thread pool work while start-up does other things;
 * give the result to openIndex. A failure (no index, a damaged one) is reported there, not here.
 */
export function preloadIndex(dir: string): Promise<SavedIndex> {
  const pending = HnswVectorStore.read(dir);
  pending.catch(() => undefined); // handled when openIndex awaits it
  return pending;
}

/**
 * Loads the saved index when it was built from this article by this embedder; otherwise (missing, corrupt,
 * another embedder, another text) rebuilds and saves it, with one log line saying why.
 */
export async function openIndex(options: {
  dir: string;
  article: Article;
  embedder: Embedder;
  logger: Logger;
  forceRebuild?: boolean;
  /** What preloadIndex(dir) began; read now when absent. */
  preloaded?: Promise<SavedIndex>;
}): Promise<OpenedIndex> {
  const { dir, article, embedder, logger } = options;
  const started = performance.now();
  const stamp = { embedder: embedder.identity, corpus: article.hash, layout: INDEX_LAYOUT };
  let reason = options.forceRebuild ? 'rebuild requested' : undefined;
  if (!reason) {
    try {
      const saved = await (options.preloaded ?? HnswVectorStore.read(dir));
      if (saved.stamp.embedder !== stamp.embedder) reason = `it was built by another embedder (${saved.stamp.embedder})`;
      else if (saved.stamp.corpus !== stamp.corpus) reason = 'the article text changed';
      else if (saved.stamp.layout !== stamp.layout) reason = 'the index layout changed';
      else return { store: HnswVectorStore.fromSaved(saved, embedder.embeddings), ms: performance.now() - started };
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
