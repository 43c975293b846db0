import { normalizeRows } from './exact-scan.js';
import { type Random, seededRandom } from './random.js';

/**
 * How the stand-in passage vectors are drawn. Uniform random vectors in 1024 dimensions are all nearly
 * orthogonal, which no embedder produces and which makes every approximate index look bad; real embeddings
 * bunch into topics and vary along a few directions inside each. So: a mixture of Gaussian clusters, each
 * spread mostly along a few directions of its own, plus a little noise in every direction, then normalised.
 */
export interface VectorModel {
  dimensions: number;
  clusters: number;
  /** Directions of variation inside one cluster. */
  clusterRank: number;
  /** Size of the within-cluster variation relative to the cluster centre (both about unit length). */
  spread: number;
  /** Size of the isotropic noise relative to the cluster centre. */
  noise: number;
  seed: number;
}

export function describeModel(model: VectorModel): string {
  return (
    `${model.dimensions}-d unit vectors from a seeded Gaussian mixture: ${model.clusters} cluster centres, ` +
    `each point = centre + ${model.spread} × a random mix of ${model.clusterRank} cluster-specific directions ` +
    `+ ${model.noise} × isotropic noise, normalised; queries are fresh draws from the same mixture (seed ${model.seed})`
  );
}

/** The mixture's fixed parts: centres and each cluster's directions, every one about unit length. */
export class VectorMixture {
  private readonly centres: Float32Array;
  private readonly directions: Float32Array;

  constructor(readonly model: VectorModel) {
    const random = seededRandom(model.seed);
    this.centres = unitGaussianRows(random, model.clusters, model.dimensions);
    this.directions = unitGaussianRows(random, model.clusters * model.clusterRank, model.dimensions);
  }

  /** `count` normalised vectors in one flat Float32Array; the same seed always gives the same vectors. */
  sample(count: number, seed: number): Float32Array {
    const { dimensions: d, clusters, clusterRank, spread, noise } = this.model;
    const random = seededRandom(seed);
    const out = new Float32Array(count * d);
    const noiseScale = noise / Math.sqrt(d);
    const weightScale = spread / Math.sqrt(clusterRank);
    for (let row = 0; row < count; row += 1) {
      const cluster = random.int(clusters);
      const offset = row * d;
      for (let i = 0; i < d; i += 1) out[offset + i] = this.centres[cluster * d + i]! + random.gaussian() * noiseScale;
      for (let r = 0; r < clusterRank; r += 1) {
        const weight = random.gaussian() * weightScale;
        const direction = (cluster * clusterRank + r) * d;
        for (let i = 0; i < d; i += 1) out[offset + i]! += weight * this.directions[direction + i]!;
      }
    }
    normalizeRows(out, d);
    return out;
  }
}

function unitGaussianRows(random: Random, rows: number, d: number): Float32Array {
  const out = new Float32Array(rows * d);
  for (let i = 0; i < out.length; i += 1) out[i] = random.gaussian();
  normalizeRows(out, d);
  return out;
}

/** One row of a flat array as the plain number[] the store's API takes. */
export function rowAsArray(vectors: Float32Array, dimensions: number, row: number): number[] {
  return Array.from(vectors.subarray(row * dimensions, (row + 1) * dimensions));
}
