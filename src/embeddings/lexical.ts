import { createHash } from 'node:crypto';
import { Embeddings } from '@langchain/core/embeddings';
import { terms } from '../text/tokens.js';

/** Weight of each kind of feature: the exact stem counts most, a shared concept a little less, spelling fragments least. */
const STEM_WEIGHT = 1;
const CONCEPT_WEIGHT = 0.8;
const TRIGRAM_WEIGHT = 0.15;

export interface LexicalEmbeddingsOptions {
  dimensions?: number;
  /** Document frequency of each feature over the corpus, for inverse-document-frequency weighting. */
  documentFrequencies?: Record<string, number>;
  documentCount?: number;
}

/**
 * Offline, deterministic embeddings: stems, bilingual concepts and character trigrams of a text, weighted by
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
      .update(JSON.stringify([this.documentCount, Object.entries(this.documentFrequencies).sort()]))
      .digest('hex')
      .slice(0, 12);
    this.identity = `lexical-v2/d${this.dimensions}/idf-${statsHash}`;
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

  /** Weighted features before hashing; exposed so the answerer can score sentences the same way. */
  features(text: string): Map<string, number> {
    const weighted = new Map<string, number>();
    for (const [feature, count] of rawFeatures(text)) {
      const idf = this.weightOf(feature);
      // Sub-linear term frequency: repeating a word helps a little, not linearly.
      if (idf > 0) weighted.set(feature, (1 + Math.log(count)) * featureKindWeight(feature) * idf);
    }
    return weighted;
  }

  embed(text: string): number[] {
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
  if (feature.startsWith('s:')) return STEM_WEIGHT;
  if (feature.startsWith('c:')) return CONCEPT_WEIGHT;
  return TRIGRAM_WEIGHT;
}

function rawFeatures(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const term of terms(text)) {
    add(`s:${term.stem}`);
    if (term.concept) add(`c:${term.concept}`);
    const padded = `^${term.stem}$`;
    if (padded.length > 4) for (let i = 0; i + 3 <= padded.length; i += 1) add(`g:${padded.slice(i, i + 3)}`);
  }
  return counts;
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
