import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotUnderTest, startBotUnderTest } from './discord-emulator/harness.js';
import { type Gateway, Op, type StoredMessage, type User } from './discord-emulator/index.js';

/** REST latency, so that answers are still being delivered when the connection fails. */
const REST_LATENCY_MS = 80;
const QUESTIONS = ['Who founded Alibaba?', 'Quand Alibaba Cloud a-t-il été lancé ?', 'Where are the Alibaba Cloud datacenters?', 'Qui est Chip Childers ?'];

/**
 * The gateway fails while members are asking: the bot resumes (or identifies again) and every question is
 * answered once. Discord replays to a resumed session what it missed; after a non-resumable invalid session,
 * what was sent in between is gone on Discord too, so only the questions asked once the bot is back count.
 */
describe('the bot when its gateway connection fails mid-run', () => {
  let t: BotUnderTest;
  let members: User[];

  beforeAll(async () => {
    t = await startBotUnderTest({ emulator: { heartbeatIntervalMs: 250 }, env: { GUILD_MAX_IN_FLIGHT: '100' } });
    members = Array.from({ length: 4 }, (_, i) => {
      const user = t.emulator.createUser(`asker-${i}`);
      t.emulator.addMember(t.guild.id, user);
      return user;
    });
    t.emulator.rest.beforeReply = () => new Promise((resolve) => setTimeout(resolve, REST_LATENCY_MS));
  });
  afterAll(() => t?.stop());

  const ask = (i: number): StoredMessage =>
    t.emulator.postMessage({ channelId: t.channels[i % 2]!.id, author: members[i % members.length]!, content: `<@${t.emulator.botUser.id}> ${QUESTIONS[i % QUESTIONS.length]}` });
  const sessionStarts = () => t.emulator.gateway.received.filter((p) => p.op === Op.Resume || p.op === Op.Identify).length;
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Asks a stream of questions, breaks the connection halfway, and returns what was asked before, during and after. */
  async function askThrough(fault: (gateway: Gateway) => void, restore: () => void = () => undefined) {
    const before: StoredMessage[] = [];
    for (let i = 0; i < 6; i++) {
      before.push(ask(i));
      await pause(20);
    }
    const starts = sessionStarts();
    fault(t.emulator.gateway);
    const during = [0, 1, 2].map((i) => ask(i + 6));
    await t.emulator.until(() => sessionStarts() > starts, 10_000);
    restore();
    const after = [0, 1, 2].map((i) => ask(i + 9));
    return { before, during, after };
  }

  /** Every question got exactly one reply that answers it, and a moment later still only one. */
  async function expectAnsweredOnce(asked: StoredMessage[]) {
    await t.emulator.until(() => asked.every((m) => t.emulator.repliesTo(m.id).length > 0), 10_000);
    await pause(300);
    for (const message of asked) {
      const replies = t.emulator.repliesTo(message.id);
      expect(replies, message.content).toHaveLength(1);
      expect(replies[0]!.content).toMatch(/\[1\]|ne le précise pas|doesn’t say/);
    }
  }

  it.each([
    ['closes without a close frame (1006)', 1006],
    ['closes with 4000 (unknown error)', 4000],
  ])('resumes when the server %s and answers every question once', async (_, code) => {
    const resumes = () => t.emulator.gateway.received.filter((p) => p.op === Op.Resume).length;
    const resumed = resumes();
    const { before, during, after } = await askThrough((gateway) => gateway.drop(0, code));
    expect(resumes()).toBe(resumed + 1);
    await expectAnsweredOnce([...before, ...during, ...after]);
  });

  it('reconnects when the server stops acknowledging heartbeats, and answers every question once', async () => {
    const { before, during, after } = await askThrough(
      (gateway) => (gateway.hooks.ackHeartbeats = false),
      () => (t.emulator.gateway.hooks.ackHeartbeats = true),
    );
    await expectAnsweredOnce([...before, ...during, ...after]);
  });

  it('reconnects when asked to (op 7), and answers every question once', async () => {
    const { before, during, after } = await askThrough((gateway) => gateway.reconnect(0));
    await expectAnsweredOnce([...before, ...during, ...after]);
  });

  it('identifies again after a non-resumable invalid session, and answers what is asked once it is back', async () => {
    const identifies = t.emulator.gateway.identifies.length;
    const { before, during, after } = await askThrough((gateway) => gateway.invalidateSession(0, false));
    expect(t.emulator.gateway.identifies.length).toBe(identifies + 1);
    await expectAnsweredOnce([...before, ...after]);
    for (const message of during) expect(t.emulator.repliesTo(message.id).length).toBeLessThanOrEqual(1);
  });

  it('logged the lost connections as warnings, never as a crash', () => {
    const lines = t.logs.map((line) => JSON.parse(line));
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  });
});
