import type { Turn } from '../../answer/types.js';
import type { Language } from '../../corpus/article.js';
import type { Db } from './database.js';

export type QuestionSource = 'slash' | 'mention' | 'thread' | 'message_menu';

/** What the Sources button needs of a citation after a restart: the passage and the language it was shown in. */
export interface StoredCitation {
  n: number;
  passageId: string;
  lang: Language;
  translated: boolean;
}

export interface QuestionEntry {
  requestId: string;
  guildId: string | null;
  channelId: string;
  threadId?: string;
  userId: string;
  source: QuestionSource;
  question: string;
  language: Language;
  answer: string;
  refused: boolean;
  refusalReason?: string;
  citations: StoredCitation[];
  engineMs: number;
}

export interface StoredQuestion extends QuestionEntry {
  id: number;
  createdAt: number;
}

interface Row {
  id: number;
  request_id: string;
  guild_id: string | null;
  channel_id: string;
  thread_id: string | null;
  user_id: string;
  source: QuestionSource;
  question: string;
  language: Language;
  answer: string;
  refused: number;
  refusal_reason: string | null;
  citations: string;
  engine_ms: number;
  created_at: number;
}

function fromRow(row: Row): StoredQuestion {
  const entry: StoredQuestion = {
    id: row.id,
    requestId: row.request_id,
    guildId: row.guild_id,
    channelId: row.channel_id,
    userId: row.user_id,
    source: row.source,
    question: row.question,
    language: row.language,
    answer: row.answer,
    refused: row.refused === 1,
    citations: JSON.parse(row.citations) as StoredCitation[],
    engineMs: row.engine_ms,
    createdAt: row.created_at,
  };
  if (row.thread_id) entry.threadId = row.thread_id;
  if (row.refusal_reason) entry.refusalReason = row.refusal_reason;
  return entry;
}

/** The log of every question the bot answered or refused: the moderators' statistics and a thread's memory. */
export class QuestionLog {
  private readonly insert;
  private readonly byId;
  private readonly replyMs;
  private readonly thread;
  private readonly inThread;

  constructor(db: Db) {
    this.insert = db.prepare(
      `INSERT INTO questions (request_id, guild_id, channel_id, thread_id, user_id, source, question, language, answer, refused, refusal_reason, citations, engine_ms, created_at)
       VALUES (@requestId, @guildId, @channelId, @threadId, @userId, @source, @question, @language, @answer, @refused, @refusalReason, @citations, @engineMs, @now)`,
    );
    this.byId = db.prepare<[number], Row>('SELECT * FROM questions WHERE id = ?');
    this.replyMs = db.prepare('UPDATE questions SET reply_ms = ? WHERE id = ?');
    this.thread = db.prepare('UPDATE questions SET thread_id = ? WHERE id = ?');
    this.inThread = db.prepare<[string, number], Row>('SELECT * FROM questions WHERE thread_id = ? ORDER BY id DESC LIMIT ?');
  }

  record(entry: QuestionEntry, now = Date.now()): number {
    const info = this.insert.run({
      ...entry,
      threadId: entry.threadId ?? null,
      refused: entry.refused ? 1 : 0,
      refusalReason: entry.refusalReason ?? null,
      citations: JSON.stringify(entry.citations),
      now,
    });
    return Number(info.lastInsertRowid);
  }

  get(id: number): StoredQuestion | undefined {
    const row = this.byId.get(id);
    return row ? fromRow(row) : undefined;
  }

  /** Time from the question's arrival to the answer being on Discord. */
  setReplyMs(id: number, ms: number): void {
    this.replyMs.run(Math.round(ms * 100) / 100, id);
  }

  /** The answer now lives in a thread of its own: later questions there continue its conversation. */
  moveToThread(id: number, threadId: string): void {
    this.thread.run(threadId, id);
  }

  /** The last turns of a thread's conversation, oldest first; refusals are left out as they carry nothing. */
  history(threadId: string, turns: number): Turn[] {
    return this.inThread
      .all(threadId, turns * 2)
      .filter((row) => row.refused === 0)
      .slice(0, turns)
      .reverse()
      .map((row) => ({ question: row.question, answer: row.answer }));
  }
}
