import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../src/answer/engine.js';
import { ScriptedOpenAI } from './support/scripted-openai.js';
import { captureLogs, tempConfig } from './support/engine.js';
import { answerResultSchema } from './support/result-schema.js';

const server = new ScriptedOpenAI();
let baseURL: string;
beforeAll(async () => {
  baseURL = await server.start();
});
afterAll(() => server.stop());

describe('a hosted embedder through the real OpenAIEmbeddings client', () => {
  it('indexes and searches with the server’s vectors, and switching embedders rebuilds the saved index', async () => {
    const { config, cleanup } = await tempConfig({ EMBEDDINGS_PROVIDER: 'openai', OPENAI_BASE_URL: baseURL, EMBEDDINGS_MODEL: 'scripted-embed' });
    try {
      const logs = captureLogs();
      const engine = await Engine.create(config, logs.logger);
      expect(engine.info()).toMatchObject({ dimensions: 8, embedder: `openai/${baseURL}/scripted-embed` });
      const embedCalls = server.requests.filter((r) => r.path.endsWith('/embeddings'));
      expect(embedCalls.length).toBeGreaterThan(0);
      expect(embedCalls[0]!.body).toMatchObject({ model: 'scripted-embed' });
      const hits = await engine.search('Who founded Alibaba?');
      expect(hits).toHaveLength(4);
      expect(new Set(hits.map((h) => h.passageId)).size).toBe(4);
      const result = await engine.ask('Who founded Alibaba?');
      expect(answerResultSchema.safeParse(result).success).toBe(true);
      expect(result.embedder).toBe(`openai/${baseURL}/scripted-embed`);

      const local = captureLogs();
      await Engine.create({ ...config, embeddings: 'local' }, local.logger);
      expect(local.lines.map((l) => JSON.parse(l).msg)).toEqual([expect.stringMatching(/another embedder \(openai\//)]);
    } finally {
      await cleanup();
    }
  });
});
