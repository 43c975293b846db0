import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIRECT_REPLY_WINDOW_MS } from '../src/bot/interaction-answer.js';
import { type BotUnderTest, startBotUnderTest } from './discord-emulator/harness.js';
import { ScriptedOpenAI } from './support/scripted-openai.js';

/**
 * /ask when the answer is not ready at once: with a hosted embedder that takes 1.5 s per question, the bot
 * defers before its direct-reply window closes (well inside Discord's 3 seconds), then edits the answer in.
 */
describe('/ask with a slow embeddings provider', () => {
  const provider = new ScriptedOpenAI();
  let t: BotUnderTest;

  beforeAll(async () => {
    t = await startBotUnderTest({ env: { EMBEDDINGS_PROVIDER: 'openai', OPENAI_BASE_URL: await provider.start() } });
    provider.embeddingsDelayMs = 1500;
  });
  afterAll(async () => {
    await t?.stop();
    await provider.stop();
  });

  it('defers within the window, then edits the answer in', async () => {
    const interaction = t.emulator.runCommand({ channelId: t.channels[0]!.id, user: t.member, name: 'ask', options: [{ type: 3, name: 'question', value: 'Who founded Alibaba?' }] });
    const callback = await t.emulator.waitForRequest((r) => r.path === `/interactions/${interaction.id}/${interaction.token}/callback`);
    expect(callback.body).toMatchObject({ type: 5 });
    expect(callback.at - interaction.dispatchedAt).toBeGreaterThanOrEqual(DIRECT_REPLY_WINDOW_MS - 50);
    expect(callback.at - interaction.dispatchedAt).toBeLessThan(3000);
    const edit = await t.emulator.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(`/${interaction.token}/messages/@original`));
    expect(edit.seq).toBeGreaterThan(callback.seq);
    expect(edit.body!.components?.length).toBe(1);
  });
});
