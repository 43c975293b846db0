import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIGNAL_ECHO_MS } from '../src/bot/signals.js';
import { type BotProcess, type ProcessWorld, openProcessWorld } from './discord-emulator/bot-process.js';
import type { DiscordEmulator, RecordedRequest, User } from './discord-emulator/index.js';
import type { Json } from './discord-emulator/model.js';

const SIGTERM_EXIT = 128 + 15;

/**
 * SIGTERM while answers are being delivered (Discord made slow on purpose): they finish within the grace period,
 * new questions get a "restarting" note, the gateway is closed with 1000 and the process exits 0. A second
 * SIGTERM exits at once.
 */
describe('the bot process on SIGTERM', () => {
  let world: ProcessWorld;
  let emulator: DiscordEmulator;
  /** Several channels: discord.js sends the messages of one channel one after the other. */
  let channelIds: string[];
  let member: User;
  let bot: BotProcess | undefined;
  /** Holds back the bot's answers until released. */
  let release: () => void;
  let held: RecordedRequest[];

  beforeEach(async () => {
    world = await openProcessWorld({ name: 'bot-shutdown', guilds: [{ channels: ['general', 'random', 'help'] }] });
    ({ emulator, member } = world);
    channelIds = world.guilds[0]!.channelIds;
    held = [];
    const gate = new Promise<void>((resolve) => (release = resolve));
    emulator.rest.beforeReply = async (request) => {
      // A message, an edit, or an /ask reply carrying the answer itself.
      const isAnswer = (request.method === 'POST' && request.path.endsWith('/messages')) || request.method === 'PATCH' || request.path.endsWith('/callback');
      const content = request.path.endsWith('/callback') ? request.body?.data?.content : request.body?.content;
      if (!isAnswer || !/\[1\]|doesn’t say/.test(String(content))) return;
      held.push(request);
      await gate;
    };
  });
  afterEach(async () => {
    release();
    await world.stop();
  });

  const start = async (env: Record<string, string> = {}, viaTsx = false) => (bot = await world.start({ MEMBER_BURST: '0', ...env }, { viaTsx }));
  const mention = (text: string, channel = 0) => emulator.postMessage({ channelId: channelIds[channel]!, author: member, content: `<@${emulator.botUser.id}> ${text}` });
  const logged = (msg: string) => emulator.until(() => bot!.logs().find((l: Json) => l.msg === msg), 10_000);

  it.each([
    ['run by node with tsx’s loader, as npm start does', false],
    ['run through tsx’s launcher', true],
  ])('%s: finishes the answers in flight, notes new questions, closes the gateway with 1000 and exits 0', async (_, viaTsx) => {
    await start({ SHUTDOWN_GRACE_SECONDS: '20' }, viaTsx);
    const asked = [mention('Who founded Alibaba?', 0), mention('When was Alibaba Cloud launched?', 1)];
    const slash = emulator.runCommand({ channelId: channelIds[0]!, user: member, name: 'ask', options: [{ type: 3, name: 'question', value: 'Qui a fondé Alibaba ?' }] });
    await emulator.until(() => held.length === 3, 10_000);

    bot!.child.kill('SIGTERM');
    await logged('shutting down: finishing the answers in flight');
    const late = mention('Where are the datacenters?', 2);
    const note = await emulator.until(() => emulator.repliesTo(late.id)[0], 10_000);
    expect(note.content).toBe('I’m restarting. Please ask again in a minute: “Where are the datacenters?”');
    expect(bot!.child.exitCode).toBeNull();

    const releasedAt = performance.now();
    release();
    expect(await bot!.exited).toBe(0);
    for (const question of asked) expect(emulator.repliesTo(question.id)[0]!.content).toMatch(/\[1\]/);
    expect(emulator.original(slash)!.content).toMatch(/Jack Ma/);
    expect(emulator.gateway.closes.filter((c) => c.at > releasedAt).map((c) => c.code)).toEqual([1000]);
    expect(await logged('disconnected from Discord')).toMatchObject({ abandoned: 0 });
  });

  it('disconnects once the grace period is over, even with an answer still held up, and exits 0', async () => {
    await start({ SHUTDOWN_GRACE_SECONDS: '1' });
    mention('Who founded Alibaba?');
    await emulator.until(() => held.length === 1, 10_000);
    const signalledAt = performance.now();
    bot!.child.kill('SIGTERM');
    expect(await bot!.exited).toBe(0);
    expect(performance.now() - signalledAt).toBeGreaterThanOrEqual(1000);
    expect(emulator.gateway.closes.at(-1)!.code).toBe(1000);
    expect(bot!.logs().find((l) => l.msg === 'disconnected from Discord')).toMatchObject({ abandoned: 1 });
  });

  it('takes the same signal again at once for the echo of the first (a Ctrl-C reaches the whole process group): the answers still finish', async () => {
    await start({ SHUTDOWN_GRACE_SECONDS: '60' });
    const asked = mention('Who founded Alibaba?');
    await emulator.until(() => held.length === 1, 10_000);
    bot!.child.kill('SIGTERM');
    bot!.child.kill('SIGTERM');
    await logged('shutting down: finishing the answers in flight');
    await new Promise((resolve) => setTimeout(resolve, SIGNAL_ECHO_MS));
    expect(bot!.child.exitCode).toBeNull();
    release();
    expect(await bot!.exited).toBe(0);
    expect(emulator.repliesTo(asked.id)[0]!.content).toMatch(/Jack Ma/);
  });

  it('exits at once on a second SIGTERM', async () => {
    await start({ SHUTDOWN_GRACE_SECONDS: '60' });
    mention('Who founded Alibaba?');
    await emulator.until(() => held.length === 1, 10_000);
    bot!.child.kill('SIGTERM');
    await logged('shutting down: finishing the answers in flight');
    // Later than an echo could come: an operator asking again.
    await new Promise((resolve) => setTimeout(resolve, SIGNAL_ECHO_MS));
    const secondAt = performance.now();
    bot!.child.kill('SIGTERM');
    expect(await bot!.exited).toBe(SIGTERM_EXIT);
    expect(performance.now() - secondAt).toBeLessThan(1000);
    expect(bot!.logs().find((l) => l.msg === 'second signal: stopping at once')).toMatchObject({ signal: 'SIGTERM' });
  });
});
