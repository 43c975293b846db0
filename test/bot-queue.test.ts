import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotUnderTest, startBotUnderTest } from './discord-emulator/harness.js';

/**
 * Past the guild's answers in flight (1 here), a question waits in the guild's queue (1 place here) instead of
 * being turned away; an /ask that waits is deferred at once, so Discord's 3 seconds never run out. Only past the
 * queue does a member get the busy note, in the question's language or, when that is unclear, DEFAULT_LANGUAGE
 * (French here). Discord is held back on purpose so the first answer stays in flight.
 */
describe('the guild queue behind the answers in flight', () => {
  let t: BotUnderTest;
  let release: () => void;
  const heldAnswers: string[] = [];

  beforeAll(async () => {
    t = await startBotUnderTest({ env: { GUILD_MAX_IN_FLIGHT: '1', GUILD_QUEUE_MAX: '1', DEFAULT_LANGUAGE: 'fr' } });
    const gate = new Promise<void>((resolve) => (release = resolve));
    t.emulator.rest.beforeReply = async (request) => {
      const content = request.path.endsWith('/callback') ? request.body?.data?.content : request.body?.content;
      if (!/\[1\]|doesn’t say/.test(String(content))) return;
      heldAnswers.push(request.path);
      await gate;
    };
  });
  afterAll(async () => {
    release();
    await t?.stop();
  });

  it('queues the next question, defers a queued /ask at once, notes the one past the queue, then answers both in order', async () => {
    const { emulator } = t;
    const general = t.channels[0]!.id;
    const first = emulator.postMessage({ channelId: general, author: t.member, content: `<@${emulator.botUser.id}> Who founded Alibaba?` });
    await emulator.until(() => heldAnswers.length === 1);

    const queued = emulator.runCommand({ channelId: general, user: t.moderator, name: 'ask', options: [{ type: 3, name: 'question', value: 'When was Alibaba Cloud launched?' }] });
    const deferral = await emulator.waitForRequest((r) => r.path === `/interactions/${queued.id}/${queued.token}/callback`);
    expect(deferral.body).toMatchObject({ type: 5 });

    // In another channel: discord.js sends the messages of one channel one after the other, and #general's is held.
    const third = emulator.postMessage({ channelId: t.channels[1]!.id, author: t.member, content: `<@${emulator.botUser.id}> Alibaba Cloud ?` });
    const busy = await emulator.until(() => emulator.repliesTo(third.id)[0]);
    expect(busy.content).toBe('Je réponds à beaucoup de questions sur ce serveur en ce moment. Reposez la vôtre dans quelques secondes : « Alibaba Cloud ? »');

    release();
    expect((await emulator.until(() => emulator.repliesTo(first.id)[0])).content).toMatch(/Jack Ma/);
    const edit = await emulator.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(`/${queued.token}/messages/@original`));
    expect(edit.body!.content).toMatch(/2009/);
    // First in, first out: the queued answer was written after the first one was delivered.
    const firstReply = emulator.requests.find((r) => r.method === 'POST' && r.path === `/channels/${general}/messages` && r.body?.message_reference?.message_id === first.id && r.status === 200)!;
    expect(edit.seq).toBeGreaterThan(firstReply.seq);
  });
});
