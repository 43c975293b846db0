import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProcessWorld, openProcessWorld, settledCount } from './discord-emulator/bot-process.js';
import type { User } from './discord-emulator/index.js';
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
  let world: ProcessWorld;
  /** A real member, mentioned inside questions: echoing that mention must not ping them. */
  let bystander: User;

  beforeAll(async () => {
    world = await openProcessWorld({ name: 'bot-fuzz', member: 'fuzzer', guilds: [{ name: 'In place' }, { name: 'In threads' }] });
    bystander = world.emulator.createUser('bystander');
    for (const { guild } of world.guilds) world.emulator.addMember(guild.id, bystander);
    await world.start({ MEMBER_BURST: '0', GUILD_MAX_IN_FLIGHT: '100' });
    await world.answerInThreads(world.guilds[1]!.guild);
  });
  afterAll(() => world?.stop());

  it('settles every question once, within Discord’s limits, pinging nobody, without an error', async () => {
    const { emulator, member: asker } = world;
    const bot = world.bot!;
    const mark = emulator.mark();
    const silentNotes = () => bot.logs().filter((line) => line.msg === 'question noted' && line.shown === false).length;
    const tracker = new ReplyTracker(emulator);
    const questions = hostileQuestions(COUNT, 4242);
    for (let start = 0; start < COUNT; start += BATCH) {
      questions.slice(start, start + BATCH).forEach((question, offset) => {
        const i = start + offset;
        const channelId = world.guilds[(i >> 1) % 2]!.channelIds[0]!;
        const text = i % 8 === 0 ? `<@${bystander.id}> ${question}` : question;
        const sentAt = performance.now();
        if (i % 2 === 0) {
          tracker.askedInMessage(emulator.postMessage({ channelId, author: asker, content: `<@${emulator.botUser.id}> ${text}` }).id, 'mention', sentAt);
        } else {
          tracker.askedInInteraction(emulator.runCommand({ channelId, user: asker, name: 'ask', options: [{ type: 3, name: 'question', value: text }] }).token, 'slash', sentAt);
        }
      });
      // A usage note past the member's first in the window is not written: the bot logs it with shown: false.
      await emulator.until(() => tracker.unsettled() <= silentNotes(), 30_000);
    }
    // The bot logs each question once it is done with it: once all are logged, no second reply can still come.
    await emulator.until(() => settledCount(bot.logs()) >= COUNT, 30_000);
    expect(settledCount(bot.logs())).toBe(COUNT);
    tracker.close();

    expect(tracker.questions).toHaveLength(COUNT);
    expect(tracker.questions.filter((q) => q.settled.length > 1)).toEqual([]);
    expect(tracker.questions.filter((q) => q.settled.length === 0)).toHaveLength(silentNotes());
    const outcomes = new Set(tracker.questions.filter((q) => q.settled[0]).map((q) => q.settled[0]!.outcome));
    expect([...outcomes].sort()).toEqual(['answered', 'note', 'refused']);

    expect(emulator.requestsAfter(mark, (r) => r.status >= 400).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([]);
    const writes = emulator.messageWrites(mark);
    expect(writes.length).toBeGreaterThanOrEqual(COUNT - silentNotes());
    expect(writes.flatMap((write) => writeProblems(write).map((problem) => `${write.request.method} ${write.request.path}: ${problem}`))).toEqual([]);
    const threadNames = emulator.requestsAfter(mark, (r) => r.path.endsWith('/threads')).map((r) => String(r.body?.name));
    expect(threadNames.length).toBeGreaterThan(0);
    expect(threadNames.filter((name) => name.length < 1 || name.length > 100)).toEqual([]);

    expect(bot.logs().filter((line) => line.raw !== undefined || line.level >= 50)).toEqual([]);
    expect(bot.child.exitCode).toBeNull();
    expect(await bot.stop()).toBe(0);

    // Every question the engine took is in the question log, as a result of the right shape.
    const rows = questionLog();
    expect(rows).toHaveLength(tracker.questions.filter((q) => q.settled[0] && q.settled[0].outcome !== 'note').length);
    for (const row of rows) {
      const citations = JSON.parse(row.citations) as unknown[];
      expect(['fr', 'en']).toContain(row.language);
      expect(row.answer.length).toBeGreaterThan(0);
      expect(row.refused === 1).toBe(row.refusal_reason !== null);
      // A refusal cites nothing, except "not sure; the closest it says is…", which offers one quote.
      expect(row.refused === 1 ? citations.length === (row.refusal_reason === 'uncertain' ? 1 : 0) : citations.length > 0).toBe(true);
    }
  }, 120_000);

  function questionLog(): { language: string; answer: string; refused: number; refusal_reason: string | null; citations: string }[] {
    const db = new Database(path.join(world.dir, 'bot.sqlite'), { readonly: true });
    try {
      return db.prepare('SELECT language, answer, refused, refusal_reason, citations FROM questions').all() as ReturnType<typeof questionLog>;
    } finally {
      db.close();
    }
  }
});
