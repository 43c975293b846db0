import type { Embeddings } from '@langchain/core/embeddings';
import { type EngineConfig, openAIConnection } from '../config/env.js';
import { LexicalEmbeddings } from '../embeddings/lexical.js';
import { UniversalSentenceEmbeddings } from '../embeddings/use.js';

export interface Embedder {
  embeddings: Embeddings;
  /** Names the model and its settings; a saved index built by another identity is rebuilt. */
  identity: string;
  /** Known up front for local embedders; probed with one call for hosted ones. */
  dimensions: () => Promise<number>;
}

/**
 * The text that is embedded for a passage: a section heading gives its paragraphs their topic. The article's
 * title is not repeated into the paragraphs before the first heading; it would only add the same words to all.
 */
export function passageEmbeddingText(passage: { heading?: string; text: string }): string {
  return passage.heading ? `${passage.heading}\n${passage.text}` : passage.text;
}

/**
 * `lexical` is the lexical embedder already fitted on the article, used when EMBEDDINGS_PROVIDER=local. The
 * OpenAI client is imported only when configured: it would add half a second to every offline start.
 */
export async function createEmbedder(config: EngineConfig, lexical: LexicalEmbeddings): Promise<Embedder> {
  switch (config.embeddings) {
    case 'local':
      return { embeddings: lexical, identity: lexical.identity, dimensions: async () => lexical.dimensions };
    case 'use': {
      const embeddings = new UniversalSentenceEmbeddings();
      return { embeddings, identity: embeddings.identity, dimensions: async () => embeddings.dimensions };
    }
    case 'openai': {
      const { OpenAIEmbeddings } = await import('@langchain/openai');
      const embeddings = new OpenAIEmbeddings({
        ...openAIConnection(config),
        model: config.openai.embeddingsModel,
        maxRetries: 2,
      });
      let dimensions: Promise<number> | undefined;
      return {
        embeddings,
        identity: `openai/${config.openai.baseURL ?? 'api.openai.com'}/${config.openai.embeddingsModel}`,
        dimensions: () => (dimensions ??= embeddings.embedQuery('dimension probe').then((v) => v.length)),
      };
    }
  }
}
