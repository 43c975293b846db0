import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';

export interface GuildStats {
  answered: number;
  refused: number;
  thumbsUp: number;
  thumbsDown: number;
  /** Time the engine took, and time until the answer was on Discord; undefined when nothing was asked. */
  engineMs: { p50?: number; p95?: number };
  replyMs: { p50?: number; p95?: number };
}

export interface DownvotedAnswer {
  questionId: number;
  question: string;
  answer: string;
  refused: boolean;
  downvotes: number;
  lastVoteAt: number;
}

type LatencyColumn = 'engine_ms' | 'reply_ms';

/** The moderators' view of a guild's questions over a period. */
export class GuildStatsQueries {
  private readonly counts;
  private readonly votes;
  private readonly downvoted;
  private readonly latencyCount: Record<LatencyColumn, Statement<[string, number], { n: number }>>;
  private readonly latencyAt: Record<LatencyColumn, Statement<[string, number, number], { value: number }>>;

  constructor(db: Db) {
    this.counts = db.prepare<[string, number], { answered: number | null; refused: number | null }>(
      'SELECT SUM(refused = 0) AS answered, SUM(refused = 1) AS refused FROM questions WHERE guild_id = ? AND created_at >= ?',
    );
    this.votes = db.prepare<[string, number], { up: number | null; down: number | null }>(
      `SELECT SUM(f.vote = 1) AS up, SUM(f.vote = -1) AS down FROM feedback f JOIN questions q ON q.id = f.question_id
       WHERE q.guild_id = ? AND q.created_at >= ?`,
    );
    this.downvoted = db.prepare<[string, number], { id: number; question: string; answer: string; refused: number; downvotes: number; last_vote_at: number }>(
      `SELECT q.id, q.question, q.answer, q.refused, COUNT(*) AS downvotes, MAX(f.updated_at) AS last_vote_at
       FROM feedback f JOIN questions q ON q.id = f.question_id
       WHERE f.vote = -1 AND q.guild_id = ? GROUP BY q.id ORDER BY last_vote_at DESC, q.id DESC LIMIT ?`,
    );
    const count = (name: LatencyColumn) => db.prepare<[string, number], { n: number }>(`SELECT COUNT(${name}) AS n FROM questions WHERE guild_id = ? AND created_at >= ?`);
    const at = (name: LatencyColumn) =>
      db.prepare<[string, number, number], { value: number }>(
        `SELECT ${name} AS value FROM questions WHERE guild_id = ? AND created_at >= ? AND ${name} IS NOT NULL ORDER BY ${name} LIMIT 1 OFFSET ?`,
      );
    this.latencyCount = { engine_ms: count('engine_ms'), reply_ms: count('reply_ms') };
    this.latencyAt = { engine_ms: at('engine_ms'), reply_ms: at('reply_ms') };
  }

  stats(guildId: string, since: number): GuildStats {
    const counts = this.counts.get(guildId, since);
    const votes = this.votes.get(guildId, since);
    return {
      answered: counts?.answered ?? 0,
      refused: counts?.refused ?? 0,
      thumbsUp: votes?.up ?? 0,
      thumbsDown: votes?.down ?? 0,
      engineMs: this.percentiles('engine_ms', guildId, since),
      replyMs: this.percentiles('reply_ms', guildId, since),
    };
  }

  recentDownvotes(guildId: string, limit: number): DownvotedAnswer[] {
    return this.downvoted.all(guildId, limit).map((row) => ({
      questionId: row.id,
      question: row.question,
      answer: row.answer,
      refused: row.refused === 1,
      downvotes: row.downvotes,
      lastVoteAt: row.last_vote_at,
    }));
  }

  /** Nearest-rank percentiles, read with OFFSET so the log is never loaded whole. */
  private percentiles(column: LatencyColumn, guildId: string, since: number): { p50?: number; p95?: number } {
    const n = this.latencyCount[column].get(guildId, since)?.n ?? 0;
    if (n === 0) return {};
    const at = (p: number) => this.latencyAt[column].get(guildId, since, Math.max(0, Math.ceil(p * n) - 1))?.value;
    return { p50: at(0.5), p95: at(0.95) };
  }
}
