import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LLM_FALLBACK_NOTICE } from '../src/answer/messages.js';
import { type BotUnderTest, startBotUnderTest } from './discord-emulator/harness.js';
import type { RecordedRequest } from './discord-emulator/index.js';
import { ScriptedOpenAI } from './support/scripted-openai.js';

/**
 * The language model fails under the bot: the Discord reply is the extractive answer, with its sources and
 * buttons, and one line saying the model did not answer.
 */
describe('the bot when the language model fails', () => {
  const model = new ScriptedOpenAI();
  let t: BotUnderTest;

  beforeAll(async () => {
    const baseURL = await model.start();
    t = await startBotUnderTest({ env: { ANSWERER: 'llm', OPENAI_BASE_URL: baseURL, OPENAI_API_KEY: 'sk-fallback-test-0123456789abcdef', LLM_TIMEOUT_MS: '1000' } });
  });
  afterEach(() => model.reset());
  afterAll(async () => {
    await t?.stop();
    await model.stop();
  });

  /** The answer's text, then an empty line, then the notice in italics on one line of its own. */
  function expectFallback(content: string, lang: 'en' | 'fr') {
    const [answer, notice] = content.split('\n\n*');
    expect(answer).toMatch(/\[1\]/);
    expect(`*${notice}`).toBe(`*${LLM_FALLBACK_NOTICE[lang]}*`);
  }

  it('answers a mention from the article, saying in one line that the model answered 500', async () => {
    model.script({ status: 500 }, { status: 500 });
    const asked = t.emulator.postMessage({ channelId: t.channels[0]!.id, author: t.member, content: `<@${t.emulator.botUser.id}> Who founded Alibaba?` });
    const reply = await t.emulator.until(() => t.emulator.repliesTo(asked.id)[0], 10_000);
    expectFallback(reply.content, 'en');
    expect(reply.content).toMatch(/Jack Ma/);
    expect(reply.embeds[0]!.title).toBe('Sources');
    expect(reply.components[0]!.components.map((b: { custom_id: string }) => b.custom_id)).toContainEqual(expect.stringMatching(/^sources:[0-9a-f]{32}$/));
    expect(model.requests.filter((r) => r.path.endsWith('/chat/completions')).length).toBeGreaterThanOrEqual(1);
  });

  it('answers /ask from the article, saying in one line that the model timed out', async () => {
    model.script({ hang: true }, { hang: true });
    const interaction = t.emulator.runCommand({ channelId: t.channels[0]!.id, user: t.member, name: 'ask', options: [{ type: 3, name: 'question', value: 'Quand Alibaba a-t-il été créé ?' }] });
    const isFinal = (r: RecordedRequest) => r.method === 'PATCH' && r.path.includes(`/${interaction.token}/messages/@original`) && (r.body?.components?.length ?? 0) > 0;
    const edit = await t.emulator.waitForRequest(isFinal, { timeoutMs: 10_000 });
    expectFallback(edit.body!.content, 'fr');
    expect(edit.body!.content).toMatch(/1999/);
    const line = await t.emulator.until(() => t.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'question answered' && l.source === 'slash'));
    expect(line).toMatchObject({ answerer: 'extractive', refused: false });
    expect(t.logs.some((l) => JSON.parse(l).msg === 'language model failed; falling back to the extractive answer')).toBe(true);
  });
});
