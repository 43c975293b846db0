import { afterEach, describe, expect, it } from 'vitest';
import { type BotUnderTest, startBotUnderTest } from './discord-emulator/harness.js';
import type { StoredMessage, User } from './discord-emulator/index.js';

/**
 * A flood of questions must not become a flood of replies: past a member's burst, past the guild's queue, or for
 * an empty mention, a public note is written once per member (or, when busy, once per guild) per window. Each
 * test waits for the bot's own log line for every question before counting what it wrote.
 */
describe('no reply floods', () => {
  let t: BotUnderTest;
  afterEach(() => t?.stop());

  const settled = () => t.logs.filter((l) => l.includes('"question answered"') || l.includes('"question noted"') || l.includes('"question failed"')).length;
  const botReplies = (asked: StoredMessage[]) => asked.flatMap((m) => t.emulator.repliesTo(m.id));
  const mention = (author: User, text: string) => t.emulator.postMessage({ channelId: t.channels[0]!.id, author, content: `<@${t.emulator.botUser.id}> ${text}` });

  it('gives 20 empty mentions from one member one usage hint', async () => {
    t = await startBotUnderTest();
    const asked = Array.from({ length: 20 }, () => mention(t.member, ''));
    await t.emulator.until(() => settled() >= 20, 30_000);
    const replies = botReplies(asked);
    expect(replies.map((r) => r.content)).toEqual([expect.stringMatching(/mention me with your question/)]);
    expect(t.logs.filter((l) => l.includes('"question noted"') && l.includes('"shown":false'))).toHaveLength(19);
  });

  it('gives 20 questions past a member’s bucket one note', async () => {
    t = await startBotUnderTest({ env: { MEMBER_BURST: '1', MEMBER_REFILL_SECONDS: '3600' } });
    const asked = Array.from({ length: 21 }, (_, i) => mention(t.member, `Who founded Alibaba? (${i})`));
    await t.emulator.until(() => settled() >= 21, 30_000);
    const notes = botReplies(asked).filter((r) => /several questions in a row/.test(r.content));
    expect(notes).toHaveLength(1);
    expect(t.logs.filter((l) => l.includes('"question answered"'))).toHaveLength(1);
  });

  it('answers 1,000 mentions at once in one guild with a bounded number of public notes', async () => {
    t = await startBotUnderTest({ env: { MEMBER_BURST: '5' } });
    const members = Array.from({ length: 10 }, (_, i) => {
      const member = t.emulator.createUser(`member${i}`);
      t.emulator.addMember(t.guild.id, member);
      return member;
    });
    const asked = Array.from({ length: 1000 }, (_, i) => mention(members[i % members.length]!, `Who founded Alibaba? (${i})`));
    await t.emulator.until(() => settled() >= 1000, 120_000);
    const replies = botReplies(asked);
    const notes = replies.filter((r) => /many questions in this server|several questions in a row/.test(r.content));
    const busy = notes.filter((r) => /many questions in this server/.test(r.content));
    // At most one busy note for the guild and one burst note per member in the window.
    expect(busy.length).toBeLessThanOrEqual(1);
    expect(notes.length).toBeLessThanOrEqual(1 + members.length);
    expect(replies.length - notes.length).toBe(t.logs.filter((l) => l.includes('"question answered"')).length);
  }, 180_000);
});
