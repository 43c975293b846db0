import type { Db } from './database.js';
import { HOURS_PER_DAY, type LatencyKind, bucketMs, hourOf } from './hours.js';

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

/**
 * The moderators' view of a guild's questions over a period, read from the hourly and daily tables (hours.ts):
 * the period starts at the beginning of the hour `since` falls in, and latencies are nearest-rank percentiles
 * within 2%.
 */
export class GuildStatsQueries {
  private readonly counts;
  private readonly downvoted;
  private readonly histogram;

  constructor(db: Db) {
    this.counts = db.prepare<[string, number], { answered: number | null; refused: number | null; up: number | null; down: number | null }>(
      'SELECT SUM(answered) AS answered, SUM(refused) AS refused, SUM(up) AS up, SUM(down) AS down FROM guild_hours WHERE guild_id = ? AND hour >= ?',
    );
    // The hours of the period's first, partial day, then its whole days: under 24 + 90 rows per bucket.
    this.histogram = db.prepare<{ guildId: string; kind: LatencyKind; hour: number; day: number; hoursPerDay: number }, { bucket: number; n: number }>(
      `SELECT bucket, SUM(n) AS n FROM (
         SELECT bucket, n FROM latency_hours WHERE guild_id = @guildId AND kind = @kind AND hour >= @hour AND hour < @day * @hoursPerDay
         UNION ALL
         SELECT bucket, n FROM latency_days WHERE guild_id = @guildId AND kind = @kind AND day >= @day
       ) GROUP BY bucket ORDER BY bucket`,
    );
    this.downvoted = db.prepare<[string, number], { id: number; question: string; answer: string; refused: number; downvotes: number; last_vote_at: number }>(
      `SELECT q.id, q.question, q.answer, q.refused, COUNT(*) AS downvotes, MAX(f.updated_at) AS last_vote_at
       FROM feedback f JOIN questions q ON q.id = f.question_id
       WHERE f.vote = -1 AND q.guild_id = ? GROUP BY q.id ORDER BY last_vote_at DESC, q.id DESC LIMIT ?`,
    );
  }

  stats(guildId: string, since: number): GuildStats {
    const hour = hourOf(since);
    const counts = this.counts.get(guildId, hour);
    return {
      answered: counts?.answered ?? 0,
      refused: counts?.refused ?? 0,
      thumbsUp: counts?.up ?? 0,
      thumbsDown: counts?.down ?? 0,
      engineMs: this.percentiles('engine_ms', guildId, hour),
      replyMs: this.percentiles('reply_ms', guildId, hour),
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

  /** Nearest-rank percentiles from the period's histogram: a few hundred buckets at most, whatever the log holds. */
  private percentiles(kind: LatencyKind, guildId: string, hour: number): { p50?: number; p95?: number } {
    const buckets = this.histogram.all({ guildId, kind, hour, day: Math.ceil(hour / HOURS_PER_DAY), hoursPerDay: HOURS_PER_DAY });
    const n = buckets.reduce((sum, b) => sum + b.n, 0);
    if (n === 0) return {};
    const at = (p: number) => {
      const rank = Math.max(1, Math.ceil(p * n));
      let seen = 0;
      for (const b of buckets) if ((seen += b.n) >= rank) return bucketMs(b.bucket);
      return bucketMs(buckets.at(-1)!.bucket);
    };
    return { p50: at(0.5), p95: at(0.95) };
  }
}
