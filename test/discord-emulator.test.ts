import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotUnderTest, startBotUnderTest } from './discord-emulator/harness.js';
import { DiscordEmulator, Op } from './discord-emulator/index.js';

/** The emulator's fault hooks, with the bot riding them out: what the load and fault tests build on. */
describe('the emulator’s faults', () => {
  let t: BotUnderTest;
  beforeAll(async () => {
    t = await startBotUnderTest({ emulator: { heartbeatIntervalMs: 300 } });
  });
  afterAll(() => t?.stop());

  const askAndWait = async (text: string) => {
    const asked = t.emulator.postMessage({ channelId: t.channels[0]!.id, author: t.member, content: `<@${t.emulator.botUser.id}> ${text}` });
    return t.emulator.until(() => t.emulator.repliesTo(asked.id)[0], 10_000);
  };

  it('answers 429 with retry_after, and discord.js waits and retries', async () => {
    const mark = t.emulator.mark();
    t.emulator.failRest((r) => r.method === 'POST' && r.path === `/channels/${t.channels[0]!.id}/messages`, DiscordEmulator.rateLimited(0.2));
    const reply = await askAndWait('Who founded Alibaba?');
    expect(reply.content).toMatch(/Jack Ma/);
    const posts = t.emulator.requestsAfter(mark, (r) => r.method === 'POST' && r.path.endsWith('/messages'));
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(190);
  });

  it('answers 500, and discord.js retries', async () => {
    const mark = t.emulator.mark();
    t.emulator.failRest((r) => r.method === 'POST' && r.path.endsWith('/messages'), { status: 500, body: { message: 'boom', code: 0 } });
    expect((await askAndWait('Who founded Alibaba?')).content).toMatch(/Jack Ma/);
    expect(t.emulator.requestsAfter(mark, (r) => r.method === 'POST' && r.path.endsWith('/messages')).map((r) => r.status)).toEqual([500, 200]);
  });

  it.each([4000, 1006])('resumes after the gateway closes with %i, missing no question', async (code) => {
    const resumesBefore = t.emulator.gateway.received.filter((p) => p.op === Op.Resume).length;
    t.emulator.gateway.drop(0, code);
    // Asked while the bot is disconnected: delivered when it resumes.
    const reply = await askAndWait('When was Alibaba Cloud launched?');
    expect(reply.content).toMatch(/2009/);
    expect(t.emulator.gateway.received.filter((p) => p.op === Op.Resume).length).toBe(resumesBefore + 1);
  });

  it('reconnects when heartbeats go unanswered', async () => {
    const resumesBefore = t.emulator.gateway.received.filter((p) => p.op === Op.Resume).length;
    t.emulator.gateway.hooks.ackHeartbeats = false;
    await t.emulator.until(() => t.emulator.gateway.received.filter((p) => p.op === Op.Resume).length > resumesBefore, 10_000);
    t.emulator.gateway.hooks.ackHeartbeats = true;
    expect((await askAndWait('Who founded Alibaba?')).content).toMatch(/Jack Ma/);
  });

  it('refuses an interaction acknowledged after the 3-second window', async () => {
    t.emulator.interactionAckWindowMs = 0;
    const interaction = t.emulator.runCommand({ channelId: t.channels[0]!.id, user: t.member, name: 'ask', options: [{ type: 3, name: 'question', value: 'Who founded Alibaba?' }] });
    const callback = await t.emulator.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`));
    t.emulator.interactionAckWindowMs = 3000;
    expect(callback.status).toBe(404);
    expect(callback.response).toMatchObject({ code: 10062 });
  });
});
