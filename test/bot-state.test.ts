import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
    first.settings.update('g1', (s) => ({ ...s, allowedChannels: ['c9'], answerInThread: true, memberBurst: 3 }));
    const id = first.questions.record(entry());
    first.feedback.vote(id, 'u2', 'down');
    first.close();

    const second = BotState.open(file);
    expect(second.settings.get('g1')).toEqual({ allowedChannels: ['c9'], answerInThread: true, memberBurst: 3, publicReplies: true });
    expect(second.settings.get('other')).toEqual({ allowedChannels: [], answerInThread: false, publicReplies: true });
    expect(second.questions.get(id)).toMatchObject({ question: 'Who founded Alibaba?', citations: [{ passageId: 'p1', translated: true }] });
    expect(second.stats.stats('g1', 0)).toMatchObject({ answered: 1, refused: 0, thumbsDown: 1 });
    second.close();
  });

  it('counts one vote per user per answer; a second click changes it', () => {
    const state = BotState.open(file);
    const id = state.questions.record(entry());
    expect(state.feedback.vote(id, 'u1', 'up')).toBe('recorded');
    expect(state.feedback.vote(id, 'u1', 'up')).toBe('unchanged');
    expect(state.stats.stats('g1', 0)).toMatchObject({ thumbsUp: 1, thumbsDown: 0 });
    expect(state.feedback.vote(id, 'u1', 'down')).toBe('changed');
    expect(state.feedback.vote(id, 'u2', 'down')).toBe('recorded');
    expect(state.stats.stats('g1', 0)).toMatchObject({ thumbsUp: 0, thumbsDown: 2 });
    expect(state.stats.recentDownvotes('g1', 5)).toEqual([expect.objectContaining({ questionId: id, downvotes: 2, question: 'Who founded Alibaba?' })]);
    state.close();
  });

  it('computes nearest-rank latency percentiles over a period, per guild', () => {
    const state = BotState.open(file);
    const now = Date.now();
    for (let ms = 1; ms <= 100; ms++) {
      const id = state.questions.record(entry({ engineMs: ms, refused: ms % 10 === 0 }), now);
      state.questions.setReplyMs(id, ms * 2);
    }
    state.questions.record(entry({ engineMs: 5000 }), now - 10 * 86_400_000);
    state.questions.record(entry({ guildId: 'g2', engineMs: 9999 }), now);
    const recent = state.stats.stats('g1', now - 86_400_000);
    expect(recent).toMatchObject({ answered: 90, refused: 10, engineMs: { p50: 50, p95: 95 }, replyMs: { p50: 100, p95: 190 } });
    expect(state.stats.stats('g1', 0).engineMs.p95).toBe(96);
    expect(state.stats.stats('g3', 0)).toEqual({ answered: 0, refused: 0, thumbsUp: 0, thumbsDown: 0, engineMs: {}, replyMs: {} });
    state.close();
  });

  it('gives a thread’s last answered turns, oldest first, as history', () => {
    const state = BotState.open(file);
    const opening = state.questions.record(entry({ question: 'q0', answer: 'a0' }));
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

  it('is shared by two connections, as by two shard processes, without losing a write', () => {
    const a = BotState.open(file);
    const b = BotState.open(file);
    const id = a.questions.record(entry());
    b.feedback.vote(id, 'u1', 'up');
    a.feedback.vote(id, 'u1', 'down');
    b.settings.update('g1', (s) => ({ ...s, answerInThread: true }));
    expect(a.settings.get('g1').answerInThread).toBe(true);
    expect(b.stats.stats('g1', 0)).toMatchObject({ thumbsUp: 0, thumbsDown: 1 });
    a.close();
    b.close();
  });
});
