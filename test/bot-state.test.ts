import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../src/bot/state/database.js';
import { BotState, type QuestionEntry } from '../src/bot/state/index.js';
import { MIGRATIONS } from '../src/bot/state/migrations.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bot-state-'));
  file = path.join(dir, 'data', 'bot.sqlite');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function entry(overrides: Partial<QuestionEntry> = {}): QuestionEntry {
  return {
    requestId: 'abcd1234',
    guildId: 'g1',
    channelId: 'c1',
    userId: 'u1',
    source: 'mention',
    question: 'Who founded Alibaba?',
    language: 'en',
    answer: 'Jack Ma [1].',
    refused: false,
    citations: [{ n: 1, passageId: 'p1', lang: 'en', translated: true }],
    engineMs: 5,
    ...overrides,
  };
}

describe('the bot database', () => {
  it('is created under its folder in WAL mode with a busy timeout and the latest schema', () => {
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('applies only the missing migration steps, and refuses a database from a newer bot', () => {
    const db = openDatabase(file);
    expect(migrate(db)).toBe(0);
    expect(migrate(db, [...MIGRATIONS, 'CREATE TABLE extra (id INTEGER)'])).toBe(1);
    expect(() => migrate(db)).toThrow(/newer than this bot/);
    db.close();
  });

  it('keeps settings, questions and votes across a restart', () => {
    const first = BotState.open(file);
    first.settings.update('g1', (s) => ({ ...s, allowedChannels: ['c9'], answerInThread: true, memberBurst: 3, forumChannelId: 'f1', forumUnanswered: 'silent' }));
    const { id } = first.questions.record(entry());
    first.feedback.vote(id, 'u2', 'down');
    first.close();

    const second = BotState.open(file);
    expect(second.settings.get('g1')).toEqual({ allowedChannels: ['c9'], answerInThread: true, memberBurst: 3, publicReplies: true, linkPreviews: false, forumChannelId: 'f1', forumUnanswered: 'silent' });
    expect(second.settings.get('other')).toEqual({ allowedChannels: [], answerInThread: false, publicReplies: true, linkPreviews: false, forumUnanswered: 'note' });
    expect(second.questions.get(id)).toMatchObject({ question: 'Who founded Alibaba?', citations: [{ passageId: 'p1', translated: true }] });
    expect(second.stats.stats('g1', 0)).toMatchObject({ answered: 1, refused: 0, thumbsDown: 1 });
    second.close();
  });

  it('counts one vote per user per answer; a second click changes it', () => {
    const state = BotState.open(file);
    const { id } = state.questions.record(entry());
    expect(state.feedback.vote(id, 'u1', 'up')).toBe('recorded');
    expect(state.feedback.vote(id, 'u1', 'up')).toBe('unchanged');
    expect(state.stats.stats('g1', 0)).toMatchObject({ thumbsUp: 1, thumbsDown: 0 });
    expect(state.feedback.vote(id, 'u1', 'down')).toBe('changed');
    expect(state.feedback.vote(id, 'u2', 'down')).toBe('recorded');
    expect(state.stats.stats('g1', 0)).toMatchObject({ thumbsUp: 0, thumbsDown: 2 });
    expect(state.stats.recentDownvotes('g1', 5)).toEqual([expect.objectContaining({ questionId: id, downvotes: 2, question: 'Who founded Alibaba?' })]);
    state.close();
  });

  it('computes nearest-rank latency percentiles (within 2%) over a period, per guild', () => {
    const state = BotState.open(file);
    const now = Date.now();
    for (let ms = 1; ms <= 100; ms++) {
      const { id } = state.questions.record(entry({ engineMs: ms, refused: ms % 10 === 0 }), now);
      state.questions.setReplyMs(id, ms * 2);
    }
    state.questions.record(entry({ engineMs: 5000 }), now - 10 * 86_400_000);
    state.questions.record(entry({ guildId: 'g2', engineMs: 9999 }), now);
    const recent = state.stats.stats('g1', now - 86_400_000);
    // Latencies are kept as 2%-wide buckets: a percentile is within 2% of the exact one.
    const near = (value: number | undefined, exact: number) => expect(Math.abs(value! - exact) / exact).toBeLessThanOrEqual(0.02);
    expect(recent).toMatchObject({ answered: 90, refused: 10 });
    near(recent.engineMs.p50, 50);
    near(recent.engineMs.p95, 95);
    near(recent.replyMs.p50, 100);
    near(recent.replyMs.p95, 190);
    near(state.stats.stats('g1', 0).engineMs.p95, 96);
    expect(state.stats.stats('g3', 0)).toEqual({ answered: 0, refused: 0, thumbsUp: 0, thumbsDown: 0, engineMs: {}, replyMs: {} });
    state.close();
  });

  it('gives a thread’s last answered turns, oldest first, as history', () => {
    const state = BotState.open(file);
    const { id: opening } = state.questions.record(entry({ question: 'q0', answer: 'a0' }));
    state.questions.moveToThread(opening, 't1');
    for (let i = 1; i <= 5; i++) state.questions.record(entry({ threadId: 't1', question: `q${i}`, answer: `a${i}`, refused: i === 3 }));
    state.questions.record(entry({ threadId: 't2', question: 'elsewhere' }));
    expect(state.questions.history('t1', 3)).toEqual([
      { question: 'q2', answer: 'a2' },
      { question: 'q4', answer: 'a4' },
      { question: 'q5', answer: 'a5' },
    ]);
    expect(state.questions.history('t1', 10).map((t) => t.question)).toEqual(['q0', 'q1', 'q2', 'q4', 'q5']);
    state.close();
  });

  it('leaves out a conversation’s turns older than its window (a direct message taken up again later)', () => {
    const state = BotState.open(file);
    const now = Date.now();
    state.questions.record(entry({ threadId: 'dm1', question: 'yesterday', answer: 'a' }), now - 86_400_000);
    state.questions.record(entry({ threadId: 'dm1', question: 'just now', answer: 'b' }), now - 60_000);
    expect(state.questions.history('dm1', 4).map((t) => t.question)).toEqual(['yesterday', 'just now']);
    expect(state.questions.history('dm1', 4, now - 1_800_000).map((t) => t.question)).toEqual(['just now']);
    state.close();
  });

  it('takes a forum post up once, for one of two connections (two shard processes, or a restart), and keeps how it ended', () => {
    const a = BotState.open(file);
    const b = BotState.open(file);
    expect(a.forumPosts.claim('post1', 'g1')).toBe(true);
    expect(b.forumPosts.claim('post1', 'g1')).toBe(false);
    expect(a.forumPosts.claim('post1', 'g1')).toBe(false);
    expect(b.forumPosts.outcome('post1')).toBe('pending');
    a.forumPosts.settle('post1', 'answered');
    expect(b.forumPosts.outcome('post1')).toBe('answered');
    expect(b.forumPosts.outcome('post2')).toBeUndefined();
    a.close();
    b.close();
    const reopened = BotState.open(file);
    expect(reopened.forumPosts.claim('post1', 'g1')).toBe(false);
    expect(reopened.forumPosts.outcome('post1')).toBe('answered');
    expect(() => reopened.forumPosts.settle('post1', 'maybe' as never)).toThrow(/CHECK constraint/);
    reopened.close();
  });

  it('is shared by two connections, as by two shard processes, without losing a write', () => {
    const a = BotState.open(file);
    const b = BotState.open(file);
    const { id } = a.questions.record(entry());
    b.feedback.vote(id, 'u1', 'up');
    a.feedback.vote(id, 'u1', 'down');
    b.settings.update('g1', (s) => ({ ...s, answerInThread: true }));
    expect(a.settings.get('g1').answerInThread).toBe(true);
    expect(b.stats.stats('g1', 0)).toMatchObject({ thumbsUp: 0, thumbsDown: 1 });
    a.close();
    b.close();
  });

  it('logs a question whose channel discord.js did not know (channelId null), so its answer keeps its buttons', () => {
    const state = BotState.open(file);
    // Before: "NOT NULL constraint failed: questions.channel_id", and the answer went out without buttons.
    const logged = state.questions.record(entry({ channelId: null }));
    expect(state.questions.byButtonRef(logged.ref)).toMatchObject({ id: logged.id, channelId: null });
    state.close();
  });

  it('names each answer by a random 128-bit reference, not a number one could guess', () => {
    const state = BotState.open(file);
    const refs = Array.from({ length: 50 }, () => state.questions.record(entry()).ref);
    for (const ref of refs) expect(ref).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(refs).size).toBe(50);
    expect(state.questions.byButtonRef(refs[7]!)?.ref).toBe(refs[7]);
    expect(state.questions.byButtonRef('0'.repeat(32))).toBeUndefined();
    state.close();
  });

  it('keeps the first 200 characters and the length of a question refused as too long', () => {
    const state = BotState.open(file);
    const question = 'Who founded Alibaba? '.repeat(200);
    const { id } = state.questions.record(entry({ question, refused: true, refusalReason: 'too_long', citations: [] }));
    expect(state.questions.get(id)).toMatchObject({ question: question.slice(0, 200), questionChars: question.length });
    const { id: normal } = state.questions.record(entry());
    expect(state.questions.get(normal)).toMatchObject({ question: 'Who founded Alibaba?', questionChars: 20 });
    state.close();
  });

  it('forgets questions past the retention, their votes and their hours, in batches', () => {
    const state = BotState.open(file);
    const now = Date.now();
    const day = 86_400_000;
    const old = Array.from({ length: 5 }, () => state.questions.record(entry(), now - 100 * day).id);
    state.feedback.vote(old[0]!, 'u9', 'down', now - 99 * day);
    const { id: recent } = state.questions.record(entry(), now - 10 * day);
    state.feedback.vote(recent, 'u9', 'up');
    expect(state.stats.stats('g1', 0)).toMatchObject({ answered: 6, thumbsUp: 1, thumbsDown: 1 });
    const cutoff = now - 90 * day;
    expect(state.forgetBefore(cutoff, 2)).toBe(2);
    expect(state.forgetBefore(cutoff, 2)).toBe(2);
    expect(state.forgetBefore(cutoff, 2)).toBe(1);
    expect(state.forgetBefore(cutoff, 2)).toBe(0);
    expect(state.questions.get(old[0]!)).toBeUndefined();
    expect(state.questions.get(recent)).toBeDefined();
    expect(state.stats.stats('g1', 0)).toMatchObject({ answered: 1, thumbsUp: 1, thumbsDown: 0 });
    state.close();
  });

  it('forgets the forum posts taken up before the retention, with the questions', () => {
    const state = BotState.open(file);
    const now = Date.now();
    const day = 86_400_000;
    state.forumPosts.claim('old', 'g1', now - 100 * day);
    state.forumPosts.claim('recent', 'g1', now - 10 * day);
    expect(state.forgetBefore(now - 90 * day, 10)).toBe(0);
    expect(state.forumPosts.outcome('old')).toBeUndefined();
    expect(state.forumPosts.outcome('recent')).toBe('pending');
    state.close();
  });

  it('brings a database of the previous schema up to date: references, votes kept, long questions cut, hourly counts filled', () => {
    const db = new Database(file.replace('data/', ''));
    migrate(db, MIGRATIONS.slice(0, 2));
    const insert = db.prepare(
      `INSERT INTO questions (request_id, guild_id, channel_id, user_id, source, question, language, answer, refused, refusal_reason, engine_ms, reply_ms, created_at)
       VALUES ('r', 'g1', 'c1', 'u1', 'mention', ?, 'en', 'a', ?, ?, ?, ?, ?)`,
    );
    const now = Date.now();
    const kept = Number(insert.run('Who founded Alibaba?', 0, null, 10, 20, now).lastInsertRowid);
    const long = Number(insert.run('x'.repeat(4000), 1, 'too_long', 1, 2, now).lastInsertRowid);
    db.prepare('INSERT INTO feedback (question_id, user_id, vote, created_at, updated_at) VALUES (?, ?, -1, ?, ?)').run(kept, 'u2', now, now);
    db.close();

    const state = BotState.open(file.replace('data/', ''));
    const migrated = state.questions.get(kept)!;
    expect(migrated.ref).toMatch(/^[0-9a-f]{32}$/);
    expect(state.questions.get(long)).toMatchObject({ question: 'x'.repeat(200), questionChars: 4000 });
    expect(state.stats.stats('g1', 0)).toMatchObject({ answered: 1, refused: 1, thumbsDown: 1 });
    expect(state.stats.recentDownvotes('g1', 5)).toEqual([expect.objectContaining({ questionId: kept, downvotes: 1 })]);
    // The old sequential id still names the row, but a button can reach it only through its new reference.
    expect(state.questions.byButtonRef(migrated.ref)?.id).toBe(kept);
    expect(state.questions.record(entry()).id).toBe(long + 1);
    state.close();
  });
});
