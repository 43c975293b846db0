import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotProcess, startBotProcess } from './discord-emulator/bot-process.js';
import { DiscordEmulator, type Guild, type User } from './discord-emulator/index.js';
import { ReplyTracker } from './load/tracker.js';
import { writeProblems } from './support/discord-limits.js';
import { hostileQuestions } from './support/fuzz.js';

const COUNT = 1000;
const BATCH = 100;

/**
 * The engine's fuzz questions (random Unicode, zero-width and bidi marks, 10,000 characters, code blocks,
 * links, mentions of users, roles and @everyone, emoji, null bytes) sent to the bot process as members would:
 * half by mention (in a guild answering in place and in one answering in threads), half by /ask.
 */
describe('the bot under 1,000 generated hostile questions', () => {
  let emulator: DiscordEmulator;
  let dir: string;
  let bot: BotProcess;
  const guilds: { guild: Guild; channelId: string }[] = [];
  let asker: User;
  /** A real member, mentioned inside questions: echoing that mention must not ping them. */
  let bystander: User;

  beforeAll(async () => {
    emulator = await DiscordEmulator.start();
    dir = await mkdtemp(path.join(tmpdir(), 'bot-fuzz-'));
    asker = emulator.createUser('fuzzer');
    bystander = emulator.createUser('bystander');
    for (const name of ['In place', 'In threads']) {
      const { guild, channels } = emulator.createGuild({ name });
      emulator.addMember(guild.id, asker);
      emulator.addMember(guild.id, bystander);
      guilds.push({ guild, channelId: channels[0]!.id });
    }
    bot = await startBotProcess(emulator, dir, { MEMBER_BURST: '0', GUILD_MAX_IN_FLIGHT: '100' });
    const threads = guilds[1]!;
    const config = emulator.runCommand({ channelId: threads.channelId, user: emulator.users.get(threads.guild.ownerId)!, name: 'kb', options: [{ type: 1, name: 'config', options: [{ type: 5, name: 'answer_in_thread', value: true }] }] });
    await emulator.waitForRequest((r) => r.path.startsWith(`/interactions/${config.id}/`));
  });
  afterAll(async () => {
    if (bot?.child.exitCode === null) await bot.stop();
    await emulator?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('settles every question once, within Discord’s limits, pinging nobody, without an error', async () => {
    const mark = emulator.mark();
    const tracker = new ReplyTracker(emulator);
    const questions = hostileQuestions(COUNT, 4242);
    for (let start = 0; start < COUNT; start += BATCH) {
      questions.slice(start, start + BATCH).forEach((question, offset) => {
        const i = start + offset;
        const { channelId } = guilds[(i >> 1) % 2]!;
        const text = i % 8 === 0 ? `<@${bystander.id}> ${question}` : question;
        const sentAt = performance.now();
        if (i % 2 === 0) {
          tracker.askedInMessage(emulator.postMessage({ channelId, author: asker, content: `<@${emulator.botUser.id}> ${text}` }).id, 'mention', sentAt);
        } else {
          tracker.askedInInteraction(emulator.runCommand({ channelId, user: asker, name: 'ask', options: [{ type: 3, name: 'question', value: text }] }).token, 'slash', sentAt);
        }
      });
      await emulator.until(() => tracker.unsettled() === 0, 30_000);
    }
    // A second reply to the same question would follow the first closely.
    await new Promise((resolve) => setTimeout(resolve, 500));
    tracker.close();

    expect(tracker.questions).toHaveLength(COUNT);
    expect(tracker.questions.filter((q) => q.settled.length !== 1)).toEqual([]);
    const outcomes = new Set(tracker.questions.map((q) => q.settled[0]!.outcome));
    expect([...outcomes].sort()).toEqual(['answered', 'note', 'refused']);

    expect(emulator.requestsAfter(mark, (r) => r.status >= 400).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([]);
    const writes = emulator.messageWrites(mark);
    expect(writes.length).toBeGreaterThanOrEqual(COUNT);
    expect(writes.flatMap((write) => writeProblems(write).map((problem) => `${write.request.method} ${write.request.path}: ${problem}`))).toEqual([]);
    const threadNames = emulator.requestsAfter(mark, (r) => r.path.endsWith('/threads')).map((r) => String(r.body?.name));
    expect(threadNames.length).toBeGreaterThan(0);
    expect(threadNames.filter((name) => name.length < 1 || name.length > 100)).toEqual([]);

    expect(bot.logs().filter((line) => line.raw !== undefined || line.level >= 50)).toEqual([]);
    expect(bot.child.exitCode).toBeNull();
    expect(await bot.stop()).toBe(0);

    // Every question the engine took is in the question log, as a result of the right shape.
    const rows = questionLog();
    expect(rows).toHaveLength(tracker.questions.filter((q) => q.settled[0]!.outcome !== 'note').length);
    for (const row of rows) {
      const citations = JSON.parse(row.citations) as unknown[];
      expect(['fr', 'en']).toContain(row.language);
      expect(row.answer.length).toBeGreaterThan(0);
      expect(row.refused === 1).toBe(row.refusal_reason !== null);
      expect(row.refused === 1 ? citations.length === 0 : citations.length > 0).toBe(true);
    }
  }, 120_000);

  function questionLog(): { language: string; answer: string; refused: number; refusal_reason: string | null; citations: string }[] {
    const db = new Database(path.join(dir, 'bot.sqlite'), { readonly: true });
    try {
      return db.prepare('SELECT language, answer, refused, refusal_reason, citations FROM questions').all() as ReturnType<typeof questionLog>;
    } finally {
      db.close();
    }
  }
});
