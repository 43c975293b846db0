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

  const answeredLogs = () => t.logs.filter((line) => line.includes('"msg":"question answered"')).length;

  /**
   * Every question got exactly one reply that answers it. The bot logs "question answered" once a reply is on
   * Discord, so once it has logged as many answers as questions were asked since `logsBefore`, a second reply
   * to any of them would be there already, and logged: the count of answers logged must match the replies.
   */
  async function expectAnsweredOnce(asked: StoredMessage[], logsBefore: number, alsoAsked: StoredMessage[] = []) {
    await t.emulator.until(() => asked.every((m) => t.emulator.repliesTo(m.id).length > 0), 10_000);
    await t.emulator.until(() => answeredLogs() - logsBefore >= asked.length, 10_000);
    const replies = [...asked, ...alsoAsked].reduce((sum, m) => sum + t.emulator.repliesTo(m.id).length, 0);
    expect(answeredLogs() - logsBefore).toBe(replies);
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
    const logsBefore = answeredLogs();
    const { before, during, after } = await askThrough((gateway) => gateway.drop(0, code));
    expect(resumes()).toBe(resumed + 1);
    await expectAnsweredOnce([...before, ...during, ...after], logsBefore);
  });

  it('reconnects when the server stops acknowledging heartbeats, and answers every question once', async () => {
    const logsBefore = answeredLogs();
    const { before, during, after } = await askThrough(
      (gateway) => (gateway.hooks.ackHeartbeats = false),
      () => (t.emulator.gateway.hooks.ackHeartbeats = true),
    );
    await expectAnsweredOnce([...before, ...during, ...after], logsBefore);
  });

  it('reconnects when asked to (op 7), and answers every question once', async () => {
    const logsBefore = answeredLogs();
    const { before, during, after } = await askThrough((gateway) => gateway.reconnect(0));
    await expectAnsweredOnce([...before, ...during, ...after], logsBefore);
  });

  it('identifies again after a non-resumable invalid session, and answers what is asked once it is back', async () => {
    const identifies = t.emulator.gateway.identifies.length;
    const logsBefore = answeredLogs();
    const { before, during, after } = await askThrough((gateway) => gateway.invalidateSession(0, false));
    expect(t.emulator.gateway.identifies.length).toBe(identifies + 1);
    await expectAnsweredOnce([...before, ...after], logsBefore, during);
    for (const message of during) expect(t.emulator.repliesTo(message.id).length).toBeLessThanOrEqual(1);
  });

  it('logs a lost connection as a warning with its close code and running counts, and its resumption, never as a crash', async () => {
    const from = t.logs.length;
    const logsBefore = answeredLogs();
    const { before, during, after } = await askThrough((gateway) => gateway.drop(0, 1006));
    await expectAnsweredOnce([...before, ...during, ...after], logsBefore);
    const lines = t.logs.slice(from).map((line) => JSON.parse(line));
    const counted = (msg: string) => lines.filter((l) => l.msg === msg);
    // The suite's earlier faults were counted too: each count went up by one for this outage.
    const [closed] = counted('gateway connection closed');
    expect(closed).toMatchObject({ level: 40, shard: 0, code: 1006, recover: 'Resume', closes: expect.any(Number) });
    expect(closed.closes).toBeGreaterThanOrEqual(5);
    expect(counted('gateway connection lost; reconnecting')).toEqual([expect.objectContaining({ level: 40, shard: 0, reconnects: expect.any(Number) })]);
    expect(counted('gateway connection resumed')).toEqual([expect.objectContaining({ level: 30, shard: 0, replayed: expect.any(Number), resumes: expect.any(Number) })]);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  });
});
