import { BaseRetriever } from '@langchain/core/retrievers';
import { Document } from '@langchain/core/documents';
import type { Embeddings } from '@langchain/core/embeddings';
import type { HnswVectorStore } from '../store/hnsw-store.js';

/** Vectors fetched per passage returned: enough that duplicates of the same paragraph don't crowd others out. */
const NEIGHBOURS_PER_PASSAGE = 8;

export interface PassageHit {
  passageId: string;
  /** Best cosine similarity over the passage's renderings (original and translation). */
  score: number;
  /** The rendering that matched best, and its indexed text. */
  lang: string;
  text: string;
}

export interface Retrieval {
  hits: PassageHit[];
  embedMs: number;
  searchMs: number;
}

/**
 * Finds the passages nearest to a query. A paragraph is indexed several times (whole and by sentence, in each
 * language), so the search asks for more neighbours than it returns and keeps the best score per paragraph.
 */
export class PassageRetriever extends BaseRetriever {
  lc_namespace = ['article-qa', 'retrievers'];

  constructor(
    private readonly store: HnswVectorStore,
    private readonly embeddings: Embeddings,
    private readonly k: number,
  ) {
    super();
  }

  async retrieve(query: string, k: number = this.k): Promise<Retrieval> {
    const t0 = performance.now();
    const vector = await this.embeddings.embedQuery(query);
    const t1 = performance.now();
    const results = this.store.searchVector(vector, k * NEIGHBOURS_PER_PASSAGE);
    const best = new Map<string, PassageHit>();
    for (const [doc, score] of results) {
      const passageId = String(doc.metadata.passageId);
      if (!best.has(passageId)) best.set(passageId, { passageId, score, lang: String(doc.metadata.lang), text: doc.pageContent });
    }
    const hits = [...best.values()].sort((a, b) => b.score - a.score).slice(0, k);
    return { hits, embedMs: t1 - t0, searchMs: performance.now() - t1 };
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    const { hits } = await this.retrieve(query);
    return hits.map(({ text, ...hit }) => new Document({ pageContent: text, metadata: hit }));
  }
}
