import { createHash } from 'node:crypto';
import { Embeddings } from '@langchain/core/embeddings';
import { type Term, terms } from '../text/tokens.js';

/** Weight of each kind of feature: the stem counts most, spelling fragments (which survive typos and odd endings) little. */
const STEM_WEIGHT = 1;
const TRIGRAM_WEIGHT = 0.15;

export interface LexicalEmbeddingsOptions {
  dimensions?: number;
  /** Document frequency of each feature over the corpus, for inverse-document-frequency weighting. */
  documentFrequencies?: Record<string, number>;
  documentCount?: number;
}

/**
 * Offline, deterministic embeddings: Snowball stems and character trigrams of a text's content words, weighted by
 * how rare they are in the corpus, hashed into a fixed number of dimensions (signed, to cancel collisions
 * on average) and normalised to unit length so cosine distance works.
 */
export class LexicalEmbeddings extends Embeddings {
  readonly dimensions: number;
  readonly identity: string;
  private readonly documentFrequencies: Record<string, number>;
  private readonly documentCount: number;

  constructor(options: LexicalEmbeddingsOptions = {}) {
    super({});
    this.dimensions = options.dimensions ?? 1024;
    this.documentFrequencies = options.documentFrequencies ?? {};
    this.documentCount = options.documentCount ?? 0;
    const statsHash = createHash('sha256')
      .update(JSON.stringify([this.documentCount, Object.entries(this.documentFrequencies).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]))
      .digest('hex')
      .slice(0, 12);
    this.identity = `lexical-v3/d${this.dimensions}/idf-${statsHash}`;
  }

  /** What the rarity weights were fitted on, to save them and make the same embedder again without fitting. */
  rarityStatistics(): { documentCount: number; documentFrequencies: Record<string, number> } {
    return { documentCount: this.documentCount, documentFrequencies: this.documentFrequencies };
  }

  /** Fits the rarity weights on the texts that will be indexed. */
  static fit(texts: readonly string[], dimensions?: number): LexicalEmbeddings {
    const documentFrequencies: Record<string, number> = {};
    for (const text of texts) {
      for (const feature of new Set(rawFeatures(text).keys())) {
        documentFrequencies[feature] = (documentFrequencies[feature] ?? 0) + 1;
      }
    }
    return new LexicalEmbeddings({ dimensions, documentFrequencies, documentCount: texts.length });
  }

  /**
   * Inverse document frequency. A feature the corpus never uses gets no weight: it cannot match any passage,
   * and left in a query it would only shrink every similarity (the answerer weighs unknown words separately).
   */
  weightOf(feature: string): number {
    if (this.documentCount === 0) return 1;
    const df = this.documentFrequencies[feature] ?? 0;
    return df === 0 ? 0 : Math.log(1 + (this.documentCount + 1) / (df + 0.5));
  }

  /** The weight of a feature seen once in the corpus: what a word the corpus never uses would deserve. */
  maxWeight(): number {
    return this.documentCount === 0 ? 1 : Math.log(1 + (this.documentCount + 1) / 1.5);
  }

  /** Weighted features before hashing; exposed so the answerer can score sentences the same way. */
  features(text: string | readonly Term[]): Map<string, number> {
    const weighted = new Map<string, number>();
    for (const [feature, count] of typeof text === 'string' ? rawFeatures(text) : termFeatures(text)) {
      const idf = this.weightOf(feature);
      // Sub-linear term frequency: repeating a word helps a little, not linearly; a share of one (one of a
      // word's two stems) keeps its share.
      if (idf > 0) weighted.set(feature, (count >= 1 ? 1 + Math.log(count) : count) * featureKindWeight(feature) * idf);
    }
    return weighted;
  }

  embed(text: string | readonly Term[]): number[] {
    const vector = new Float64Array(this.dimensions);
    for (const [feature, weight] of this.features(text)) {
      const h = fnv1a(feature);
      vector[h % this.dimensions]! += h & 0x80000000 ? -weight : weight;
    }
    let norm = 0;
    for (const v of vector) norm += v * v;
    norm = Math.sqrt(norm) || 1;
    return Array.from(vector, (v) => v / norm);
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => this.embed(d));
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.embed(document);
  }
}

function featureKindWeight(feature: string): number {
  return feature.startsWith('s:') ? STEM_WEIGHT : TRIGRAM_WEIGHT;
}

/** Stems (the French and the English one, when they differ) and the trigrams of each content word. */
export function termFeatures(termList: readonly Term[]): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string, by = 1) => counts.set(key, (counts.get(key) ?? 0) + by);
  for (const term of termList) {
    // Two stems of one word share its count, so a word both stemmers agree on weighs the same as one they don't.
    for (const stem of term.stems) add(`s:${stem}`, 1 / term.stems.length);
    const padded = `^${term.word}$`;
    if (padded.length > 4) for (let i = 0; i + 3 <= padded.length; i += 1) add(`g:${padded.slice(i, i + 3)}`);
  }
  return counts;
}

function rawFeatures(text: string): Map<string, number> {
  return termFeatures(terms(text));
}

/** 32-bit FNV-1a: fast, stable across runs and platforms. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
