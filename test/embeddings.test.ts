import { describe, expect, it } from 'vitest';
import { loadArticle } from '../src/corpus/article.js';
import { LexicalEmbeddings } from '../src/embeddings/lexical.js';
import { UniversalSentenceEmbeddings } from '../src/embeddings/use.js';
import { indexTexts, openIndex } from '../src/retrieval/index-store.js';
import { PassageRetriever } from '../src/retrieval/retriever.js';
import { captureLogs, tempConfig } from './support/engine.js';

const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const article = await loadArticle();
const lexical = LexicalEmbeddings.fit(indexTexts(article));

describe('the lexical embedder', () => {
  it('is deterministic, unit-length and names its fitted statistics', async () => {
    const [a, b] = await lexical.embedDocuments(['Qui a fondé Alibaba ?', 'Qui a fondé Alibaba ?']);
    expect(a).toEqual(b);
    expect(dot(a!, a!)).toBeCloseTo(1, 6);
    expect(lexical.identity).toMatch(/^lexical-v\d+\/d1024\/idf-[0-9a-f]{12}$/);
    expect(LexicalEmbeddings.fit(['autre texte']).identity).not.toBe(lexical.identity);
  });

  it('brings a question close to its answer through stems, casual spellings and hyphenated words', async () => {
    const cases: [string, string, string][] = [
      ['Who founded Alibaba?', 'Founded in 1999 by Jack Ma and Peng Lei, the Alibaba group is one of the largest companies.', 'Many companies already use this software to write new applications.'],
      ['c koi les fondateurs d alibaba', 'Créé en 1999 par Jack Ma et Peng Lei, le groupe Alibaba a des fondateurs connus.', 'De nombreuses sociétés se servent déjà de ce logiciel.'],
      ['what are start ups trying', 'Many start-ups are now trying to find the best way to contribute.', 'At that time, the group launched Alibaba Cloud.'],
    ];
    for (const [question, answer, unrelated] of cases) {
      const [q, a, u] = await lexical.embedDocuments([question, answer, unrelated]);
      expect(dot(q!, a!), question).toBeGreaterThan(dot(q!, u!) + 0.1);
    }
  });

  it('gives words the corpus never uses no weight, so they cannot dilute a query', () => {
    expect(lexical.features('zyxwv')).toEqual(new Map());
    expect([...lexical.features('Alibaba zyxwv').keys()].every((k) => !k.includes('zyx'))).toBe(true);
  });
});

describe('the passage retriever as a LangChain retriever', () => {
  it('returns the best paragraph once, with its score and language, through invoke()', async () => {
    const { config, cleanup } = await tempConfig();
    try {
      const embedder = { embeddings: lexical, identity: lexical.identity, dimensions: async () => lexical.dimensions };
      const { store } = await openIndex({ dir: config.indexDir, article, embedder, logger: captureLogs().logger });
      const documents = await new PassageRetriever(store, lexical, 3, new Set(article.passages.map((p) => p.id)).size).invoke('Where are the data centers?');
      expect(documents).toHaveLength(3);
      expect(documents[0]!.metadata).toMatchObject({ passageId: expect.stringMatching(/^p2-/), lang: 'en' });
      expect(new Set(documents.map((d) => d.metadata.passageId)).size).toBe(3);
      expect(documents[0]!.metadata.score).toBeGreaterThan(documents[2]!.metadata.score);
    } finally {
      await cleanup();
    }
  });
});

describe('the Universal Sentence Encoder embedder', () => {
  it('loads its weights from the installed package, offline, and embeds in 512 dimensions', async () => {
    const use = new UniversalSentenceEmbeddings();
    const [a, b, c] = await use.embedDocuments(['Where are the data centers?', 'Which cities host the data centers?', 'A recipe for pancakes']);
    expect(a).toHaveLength(512);
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!));
  }, 60_000);
});
