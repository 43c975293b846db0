/**
 * The counts /kb stats reads, kept per guild and hour as questions, reply times and votes are written, so a
 * guild's statistics cost a few thousand rows whatever the size of its log (reading the log itself took 12–15 s
 * with 1M questions). Latencies are kept as histograms, per hour and per day: a period is read as whole days
 * plus the hours of its first, partial day. A bucket is 2% wide, so percentiles are within 2%.
 */
import type { Db } from './database.js';

export const HOUR_MS = 3_600_000;
export const HOURS_PER_DAY = 24;
/** Buckets per unit of ln(1 + ms): 50 gives 2% steps (the migration that filled these tables from the log uses the same). */
const BUCKETS_PER_LN = 50;

export type LatencyKind = 'engine_ms' | 'reply_ms';

export function hourOf(at: number): number {
  return Math.floor(at / HOUR_MS);
}

function latencyBucket(ms: number): number {
  return Math.round(Math.log1p(Math.max(0, ms)) * BUCKETS_PER_LN);
}

/** The latency a bucket stands for: the middle of its 2% step. */
export function bucketMs(bucket: number): number {
  return Math.expm1(bucket / BUCKETS_PER_LN);
}

/** Writes to the hourly tables; each call is made inside the transaction of the write it counts. */
export class GuildHours {
  private readonly addQuestion;
  private readonly addVote;
  private readonly addLatency;
  private readonly addDailyLatency;
  private readonly pruneHours;
  private readonly pruneLatency;
  private readonly pruneDailyLatency;

  constructor(db: Db) {
    this.addQuestion = db.prepare(
      `INSERT INTO guild_hours (guild_id, hour, answered, refused) VALUES (@guildId, @hour, @answered, @refused)
       ON CONFLICT (guild_id, hour) DO UPDATE SET answered = answered + @answered, refused = refused + @refused`,
    );
    this.addVote = db.prepare(
      `INSERT INTO guild_hours (guild_id, hour, up, down) VALUES (@guildId, @hour, @up, @down)
       ON CONFLICT (guild_id, hour) DO UPDATE SET up = up + @up, down = down + @down`,
    );
    this.addLatency = db.prepare(
      `INSERT INTO latency_hours (guild_id, kind, hour, bucket, n) VALUES (@guildId, @kind, @hour, @bucket, 1)
       ON CONFLICT (guild_id, kind, hour, bucket) DO UPDATE SET n = n + 1`,
    );
    this.addDailyLatency = db.prepare(
      `INSERT INTO latency_days (guild_id, kind, day, bucket, n) VALUES (@guildId, @kind, @day, @bucket, 1)
       ON CONFLICT (guild_id, kind, day, bucket) DO UPDATE SET n = n + 1`,
    );
    this.pruneHours = db.prepare('DELETE FROM guild_hours WHERE hour < ?');
    this.pruneLatency = db.prepare('DELETE FROM latency_hours WHERE hour < ?');
    this.pruneDailyLatency = db.prepare('DELETE FROM latency_days WHERE day < ?');
  }

  question(guildId: string | null, at: number, refused: boolean, engineMs: number): void {
    if (guildId === null) return;
    const hour = hourOf(at);
    this.addQuestion.run({ guildId, hour, answered: refused ? 0 : 1, refused: refused ? 1 : 0 });
    this.latency(guildId, at, 'engine_ms', engineMs);
  }

  latency(guildId: string | null, at: number, kind: LatencyKind, ms: number): void {
    if (guildId === null) return;
    const hour = hourOf(at);
    const bucket = latencyBucket(ms);
    this.addLatency.run({ guildId, kind, hour, bucket });
    this.addDailyLatency.run({ guildId, kind, day: Math.floor(hour / HOURS_PER_DAY), bucket });
  }

  /** A vote on an answer asked at `at`: +1 for the new one, −1 for the one it replaces. */
  vote(guildId: string | null, at: number, up: number, down: number): void {
    if (guildId === null) return;
    this.addVote.run({ guildId, hour: hourOf(at), up, down });
  }

  /** Forgets the hours before `before` (a time), as the log forgets its questions. */
  prune(before: number): void {
    const hour = hourOf(before);
    this.pruneHours.run(hour);
    this.pruneLatency.run(hour);
    this.pruneDailyLatency.run(Math.floor(hour / HOURS_PER_DAY));
  }
}
