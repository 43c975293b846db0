/**
 * Who may ask now: a token bucket per member (a burst of questions, refilled over time), a cap on the answers
 * in flight per guild with a short first-in-first-out queue behind it, and a free pass for a thread follow-up to
 * an answer the bot just gave. Kept in memory: a guild lives on one shard, so the process that serves a guild
 * sees all of its questions. Also what a shutdown waits on: `drain` admits nothing more and resolves once the
 * answers in flight (and those queued) are delivered. And what keeps the bot from answering a flood with a flood:
 * `claim` grants a key (a member's note, a guild's busy note, a rebuild of the index) once per window.
 */

export type Admission =
  | {
      ok: true;
      /** True when the question waits behind the guild's answers in flight. */
      queued: boolean;
      /** Resolves when the question may start. */
      turn: Promise<void>;
      release: () => void;
    }
  | { ok: false; reason: 'rate'; retryAfterMs: number }
  | { ok: false; reason: 'busy' }
  | { ok: false; reason: 'stopping' };

export interface MemberAllowance {
  /** Questions a member may ask in a row; 0 means no limit. */
  burst: number;
  /** Time in which a spent burst fills up again. */
  refillMs: number;
}

export interface RateLimiterOptions {
  maxInFlightPerGuild: number;
  maxQueuedPerGuild: number;
  /** How long after an answer in a thread a follow-up there is free. */
  followUpWindowMs?: number;
  now?: () => number;
}

/** A conversation in a thread goes at the pace of a reader: two minutes to read an answer and ask again. */
const FOLLOW_UP_WINDOW_MS = 120_000;
/** Tables of members and threads are swept once they grow past this, so memory stays bounded. */
const SWEEP_AT = 10_000;

interface Bucket {
  tokens: number;
  at: number;
  /** When this bucket is full again, after which it can be forgotten. */
  fullAt: number;
}

interface GuildLine {
  running: number;
  waiting: (() => void)[];
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly lines = new Map<string, GuildLine>();
  /** Threads where the bot just answered, with when: the next question there is a follow-up, never abuse. */
  private readonly answeredThreads = new Map<string, number>();
  /** Keys claimed, with when their window ends. */
  private readonly claims = new Map<string, number>();
  private readonly maxInFlight: number;
  private readonly maxQueued: number;
  private readonly followUpWindowMs: number;
  private readonly now: () => number;
  /** Admitted and not yet released, queued ones included. */
  private admitted = 0;
  private draining = false;
  private idle?: () => void;

  constructor(options: RateLimiterOptions) {
    this.maxInFlight = options.maxInFlightPerGuild;
    this.maxQueued = options.maxQueuedPerGuild;
    this.followUpWindowMs = options.followUpWindowMs ?? FOLLOW_UP_WINDOW_MS;
    this.now = options.now ?? Date.now;
  }

  /**
   * A refused question costs the member nothing, so they may ask again as soon as told. `followUpIn` names the
   * thread of a follow-up: when the bot answered there within the window, the question spends no token.
   */
  admit(guildId: string, userId: string, allowance: MemberAllowance, followUpIn?: string): Admission {
    if (this.draining) return { ok: false, reason: 'stopping' };
    const now = this.now();
    const line = this.lines.get(guildId) ?? { running: 0, waiting: [] };
    const queued = line.running >= this.maxInFlight;
    if (queued && line.waiting.length >= this.maxQueued) return { ok: false, reason: 'busy' };
    const freeFollowUp = followUpIn !== undefined && this.takeFollowUp(followUpIn, now);
    if (!freeFollowUp && allowance.burst > 0) {
      const retryAfterMs = this.spend(`${guildId}:${userId}`, allowance, now);
      if (retryAfterMs > 0) return { ok: false, reason: 'rate', retryAfterMs };
    }

    this.lines.set(guildId, line);
    this.admitted++;
    let started = !queued;
    let startTurn: () => void = () => undefined;
    const turn = started ? Promise.resolve() : new Promise<void>((resolve) => (startTurn = resolve));
    const start = () => {
      started = true;
      startTurn();
    };
    if (started) line.running++;
    else line.waiting.push(start);
    let released = false;
    return {
      ok: true,
      queued,
      turn,
      release: () => {
        if (released) return;
        released = true;
        // Still waiting (its deferral failed): it leaves the line and frees no slot, as it held none.
        if (!started) line.waiting.splice(line.waiting.indexOf(start), 1);
        else this.next(guildId, line);
        if (--this.admitted === 0) this.idle?.();
      },
    };
  }

  /** The bot answered in `threadId`: the next question there, by anyone, within the window, is a free follow-up. */
  answeredIn(threadId: string): void {
    const now = this.now();
    this.answeredThreads.set(threadId, now);
    if (this.answeredThreads.size > SWEEP_AT) {
      for (const [id, at] of this.answeredThreads) if (now - at > this.followUpWindowMs) this.answeredThreads.delete(id);
    }
  }

  /**
   * True, and the key is taken for `windowMs`, when it was not taken within its window; false otherwise. How the
   * bot says a thing at most once per window (a note to a member, a busy note to a guild) and rebuilds its index
   * at most once per window.
   */
  claim(key: string, windowMs: number): boolean {
    const now = this.now();
    const until = this.claims.get(key);
    if (until !== undefined && now < until) return false;
    this.claims.set(key, now + windowMs);
    if (this.claims.size > SWEEP_AT) for (const [k, end] of this.claims) if (end <= now) this.claims.delete(k);
    return true;
  }

  /** Gives `key` back before its window ends, when what it was claimed for did not happen (a rebuild that failed). */
  unclaim(key: string): void {
    this.claims.delete(key);
  }

  /** How long until `key` can be claimed again; 0 when it can be now. */
  claimedFor(key: string): number {
    return Math.max(0, (this.claims.get(key) ?? 0) - this.now());
  }

  /** Admits nothing more and waits up to `timeoutMs` for the answers in flight and queued; resolves with how many are left. */
  async drain(timeoutMs: number): Promise<number> {
    this.draining = true;
    if (this.admitted > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.idle = resolve;
        timer = setTimeout(resolve, timeoutMs);
      });
      clearTimeout(timer);
    }
    return this.admitted;
  }

  /** A finished answer hands its slot to the first question waiting, or frees it. */
  private next(guildId: string, line: GuildLine): void {
    const waiting = line.waiting.shift();
    if (waiting) return waiting();
    line.running--;
    if (line.running === 0) this.lines.delete(guildId);
  }

  private takeFollowUp(threadId: string, now: number): boolean {
    const at = this.answeredThreads.get(threadId);
    if (at === undefined || now - at > this.followUpWindowMs) return false;
    this.answeredThreads.delete(threadId);
    return true;
  }

  /** Takes one token from the member's bucket; returns 0, or how long until a token is there. */
  private spend(key: string, { burst, refillMs }: MemberAllowance, now: number): number {
    const perTokenMs = refillMs / burst;
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(burst, bucket.tokens + (now - bucket.at) / perTokenMs) : burst;
    if (tokens < 1) return Math.ceil((1 - tokens) * perTokenMs);
    const left = tokens - 1;
    this.buckets.set(key, { tokens: left, at: now, fullAt: now + (burst - left) * perTokenMs });
    if (this.buckets.size > SWEEP_AT) for (const [k, b] of this.buckets) if (b.fullAt <= now) this.buckets.delete(k);
    return 0;
  }
}
