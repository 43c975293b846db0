import { randomBytes } from 'node:crypto';
import type { Turn } from '../../answer/types.js';
import type { Language } from '../../corpus/article.js';
import { MAX_QUESTION_CHARS } from '../../text/normalize.js';
import type { Db } from './database.js';
import type { GuildHours } from './hours.js';

/**
 * What is kept of a question longer than anyone may ask (refused as too long): its opening, and its length. A
 * refused 4,000-character question used to be stored whole (4.6 KB).
 */
export const OVERLONG_QUESTION_KEPT = 200;

/** An answer's reference in its buttons: 128 random bits in hex, so no one can name another guild's answer. */
export function newAnswerRef(): string {
  return randomBytes(16).toString('hex');
}

/** A question as stored: whole up to the longest a member may ask, otherwise its first OVERLONG_QUESTION_KEPT characters. */
function storedQuestionText(question: string): string {
  return question.length > MAX_QUESTION_CHARS ? question.slice(0, OVERLONG_QUESTION_KEPT) : question;
}

/**
 * How a question was asked: /ask, a mention, a follow-up in a thread (the bot's own, or a forum post it answered),
 * the message menu, a direct message, or a new post of the guild's forum.
 */
export type QuestionSource = 'slash' | 'mention' | 'thread' | 'message_menu' | 'dm' | 'forum';

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
  /** Null when discord.js did not know the channel the question came from. */
  channelId: string | null;
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
  /** What the answer's buttons carry. */
  ref: string;
  /** The question's length as asked, which `question` may fall short of (OVERLONG_QUESTION_KEPT). */
  questionChars: number;
  createdAt: number;
}

/** A question just logged: its row id (logs, reply time) and the reference its buttons carry. */
export interface LoggedQuestion {
  id: number;
  ref: string;
}

interface Row {
  id: number;
  ref: string;
  request_id: string;
  guild_id: string | null;
  channel_id: string | null;
  thread_id: string | null;
  user_id: string;
  source: QuestionSource;
  question: string;
  question_chars: number;
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
    ref: row.ref,
    questionChars: row.question_chars,
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
  private readonly byRef;
  private readonly replyMs;
  private readonly thread;
  private readonly inThread;
  private readonly oldest;

  constructor(
    private readonly db: Db,
    private readonly hours: GuildHours,
  ) {
    this.insert = db.prepare(
      `INSERT INTO questions (ref, request_id, guild_id, channel_id, thread_id, user_id, source, question, question_chars, language, answer, refused, refusal_reason, citations, engine_ms, created_at)
       VALUES (@ref, @requestId, @guildId, @channelId, @threadId, @userId, @source, @question, @questionChars, @language, @answer, @refused, @refusalReason, @citations, @engineMs, @now)`,
    );
    this.byId = db.prepare<[number], Row>('SELECT * FROM questions WHERE id = ?');
    this.byRef = db.prepare<[string], Row>('SELECT * FROM questions WHERE ref = ?');
    this.replyMs = db.prepare<[number, number], { guild_id: string | null; created_at: number }>('UPDATE questions SET reply_ms = ? WHERE id = ? RETURNING guild_id, created_at');
    this.thread = db.prepare('UPDATE questions SET thread_id = ? WHERE id = ?');
    this.inThread = db.prepare<[string, number, number], Row>('SELECT * FROM questions WHERE thread_id = ? AND created_at >= ? ORDER BY id DESC LIMIT ?');
    this.oldest = db.prepare<[number, number]>('DELETE FROM questions WHERE id IN (SELECT id FROM questions WHERE created_at < ? ORDER BY created_at LIMIT ?)');
  }

  record(entry: QuestionEntry, now = Date.now()): LoggedQuestion {
    const ref = newAnswerRef();
    const write = this.db.transaction(() => {
      const info = this.insert.run({
        ...entry,
        ref,
        channelId: entry.channelId ?? null,
        threadId: entry.threadId ?? null,
        question: storedQuestionText(entry.question),
        questionChars: entry.question.length,
        refused: entry.refused ? 1 : 0,
        refusalReason: entry.refusalReason ?? null,
        citations: JSON.stringify(entry.citations),
        now,
      });
      this.hours.question(entry.guildId, now, entry.refused, entry.engineMs);
      return Number(info.lastInsertRowid);
    });
    return { id: write.immediate(), ref };
  }

  get(id: number): StoredQuestion | undefined {
    const row = this.byId.get(id);
    return row ? fromRow(row) : undefined;
  }

  /** The question behind a button, by the reference the button carries. */
  byButtonRef(ref: string): StoredQuestion | undefined {
    const row = this.byRef.get(ref);
    return row ? fromRow(row) : undefined;
  }

  /** Time from the question's arrival to the answer being on Discord. */
  setReplyMs(id: number, ms: number): void {
    const rounded = Math.round(ms * 100) / 100;
    this.db
      .transaction(() => {
        const row = this.replyMs.get(rounded, id);
        if (row) this.hours.latency(row.guild_id, row.created_at, 'reply_ms', rounded);
      })
      .immediate();
  }

  /**
   * Deletes up to `limit` questions asked before `before` (their votes go with them), oldest first; returns how
   * many. The caller repeats between other work, so a large backlog never holds the process for long.
   */
  pruneBatch(before: number, limit: number): number {
    return this.oldest.run(before, limit).changes;
  }

  /** The answer now lives in a thread of its own: later questions there continue its conversation. */
  moveToThread(id: number, threadId: string): void {
    this.thread.run(threadId, id);
  }

  /**
   * The last turns of a thread's conversation (or a direct message's), oldest first; refusals are left out as they
   * carry nothing. `since` leaves out turns older than that time: a conversation taken up again after a long pause.
   */
  history(threadId: string, turns: number, since = 0): Turn[] {
    return this.inThread
      .all(threadId, since, turns * 2)
      .filter((row) => row.refused === 0)
      .slice(0, turns)
      .reverse()
      .map((row) => ({ question: row.question, answer: row.answer }));
  }
}
