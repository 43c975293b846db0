import { BaseRetriever } from '@langchain/core/retrievers';
import { Document, type DocumentInterface } from '@langchain/core/documents';
import type { Embeddings } from '@langchain/core/embeddings';
import type { HnswVectorStore } from '../store/hnsw-store.js';
import type { UnitKind, UnitMetadata } from './index-store.js';

/**
 * Vectors fetched per passage returned: a paragraph stands in the index whole, by sentence and through its
 * anticipated questions, in each language, so many neighbours are needed for the passages not to crowd out.
 */
const NEIGHBOURS_PER_PASSAGE = 24;

export interface PassageHit {
  passageId: string;
  /** Best cosine similarity over the passage's renderings (original and translation). */
  score: number;
  /** The rendering that matched best, and its indexed text. */
  lang: string;
  text: string;
}

/** One matched vector: a paragraph, a sentence or an anticipated question, with the sentences it answers with. */
export interface UnitHit {
  kind: UnitKind;
  passageId: string;
  lang: string;
  sentences: string[];
  text: string;
  score: number;
}

export interface Retrieval {
  hits: PassageHit[];
  /** Every neighbour found, best first: what the extractive answerer reads to choose sentences. */
  units: UnitHit[];
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
    /** How many passages the index holds: no search can find more. */
    private readonly passages: number,
  ) {
    super();
  }

  /** `fill`: search further until k passages are found (or the index is read whole), not just the usual neighbours. */
  async retrieve(query: string, k: number = this.k, fill = false): Promise<Retrieval> {
    const t0 = performance.now();
    const vector = await this.embeddings.embedQuery(query);
    const t1 = performance.now();
    // A paragraph with many anticipated questions near the query can fill the neighbours alone: a caller that needs
    // k passages (LangChain's retriever interface) looks further; the answerer reads what is near and stops there.
    let wanted = k * NEIGHBOURS_PER_PASSAGE;
    let results = this.store.searchVector(vector, wanted);
    while (fill && passagesIn(results) < Math.min(k, this.passages) && wanted < this.store.size) {
      wanted *= 4;
      results = this.store.searchVector(vector, wanted);
    }
    const best = new Map<string, PassageHit>();
    const units: UnitHit[] = [];
    for (const [doc, score] of results) {
      const meta = doc.metadata as UnitMetadata;
      units.push({ kind: meta.kind, passageId: meta.passageId, lang: meta.lang, sentences: meta.sentences, text: doc.pageContent, score });
      for (const passageId of passagesOf(meta)) {
        if (!best.has(passageId)) best.set(passageId, { passageId, score, lang: meta.lang, text: doc.pageContent });
      }
    }
    const hits = [...best.values()].sort((a, b) => b.score - a.score).slice(0, k);
    return { hits, units, embedMs: t1 - t0, searchMs: performance.now() - t1 };
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    const { hits } = await this.retrieve(query, this.k, true);
    return hits.map(({ text, ...hit }) => new Document({ pageContent: text, metadata: hit }));
  }
}

/**
 * The passages a unit points at: its own, every paragraph an anticipated question points to (not only the first),
 * none for a question the article does not answer.
 */
function passagesOf(meta: UnitMetadata): Iterable<string> {
  if (meta.kind === 'unanswered') return [];
  if (meta.kind === 'anticipated') return new Set(meta.sentences.map((key) => key.slice(0, key.lastIndexOf('#'))));
  return [meta.passageId];
}

/** How many passages the neighbours found point at. */
function passagesIn(results: readonly [DocumentInterface, number][]): number {
  return new Set(results.flatMap(([doc]) => [...passagesOf(doc.metadata as UnitMetadata)])).size;
}
