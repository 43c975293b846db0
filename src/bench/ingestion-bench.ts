import { Document } from '@langchain/core/documents';
import type { Article } from '../corpus/article.js';
import { LexicalEmbeddings } from '../embeddings/lexical.js';
import { DEFAULT_HNSW_PARAMS, HnswVectorStore } from '../store/hnsw-store.js';
import { splitSentences } from '../text/sentences.js';
import { seededRandom } from './random.js';

const MIN_CHARS = 300;
const MAX_CHARS = 600;

export interface IngestionResult {
  passages: number;
  meanChars: number;
  /** Passages per second of each step, and of the three together. */
  fitPerSecond: number;
  embedPerSecond: number;
  indexPerSecond: number;
  totalPerSecond: number;
  totalMs: number;
}

/**
 * Paragraphs of news-article length made by recombining the article's own sentences, one language per
 * paragraph, so the embedder sees real words in realistic amounts.
 */
function syntheticParagraphs(article: Article, count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const sentencesByLanguage = new Map<string, string[]>();
  for (const p of article.passages) sentencesByLanguage.set(p.lang, [...(sentencesByLanguage.get(p.lang) ?? []), ...splitSentences(p.text)]);
  const pools = [...sentencesByLanguage.values()];
  return Array.from({ length: count }, () => {
    const pool = pools[random.int(pools.length)]!;
    const target = MIN_CHARS + random.int(MAX_CHARS - MIN_CHARS);
    let paragraph = '';
    while (paragraph.length < target) {
      const sentence = pool[random.int(pool.length)]!;
      if (paragraph.length >= MIN_CHARS && paragraph.length + sentence.length >= MAX_CHARS) break;
      paragraph += (paragraph ? ' ' : '') + sentence;
    }
    return paragraph;
  });
}

/** Times what ingestion does to each passage: fit the rarity weights, embed, and add to the index. */
export async function benchIngestion(article: Article, count: number): Promise<IngestionResult> {
  const texts = syntheticParagraphs(article, count, 7);
  const t0 = performance.now();
  const embeddings = LexicalEmbeddings.fit(texts);
  const t1 = performance.now();
  const vectors = await embeddings.embedDocuments(texts);
  const t2 = performance.now();
  const store = new HnswVectorStore(embeddings, { dimensions: embeddings.dimensions, params: DEFAULT_HNSW_PARAMS, capacity: count });
  await store.addVectors(vectors, texts.map((pageContent, i) => new Document({ pageContent, metadata: { row: i } })));
  const t3 = performance.now();
  const perSecond = (ms: number) => (count * 1000) / ms;
  return {
    passages: count,
    meanChars: Math.round(texts.reduce((sum, t) => sum + t.length, 0) / count),
    fitPerSecond: perSecond(t1 - t0),
    embedPerSecond: perSecond(t2 - t1),
    indexPerSecond: perSecond(t3 - t2),
    totalPerSecond: perSecond(t3 - t0),
    totalMs: t3 - t0,
  };
}
