export type Admission =
  | { ok: true; release: () => void }
  | { ok: false; reason: 'cooldown'; retryAfterMs: number }
  | { ok: false; reason: 'busy' }
  | { ok: false; reason: 'stopping' };

/** Stale cooldown entries are swept once the table grows past this, so memory stays bounded. */
const SWEEP_AT = 10_000;

/**
 * Per-user cooldown and a per-guild cap on answers in flight. Kept in memory: a guild lives on one shard, so
 * the process that serves a guild sees all of its questions. Also what a shutdown waits on: `drain` admits
 * nothing more and resolves once the answers in flight are delivered.
 */
export class RateLimiter {
  private readonly lastAdmitted = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();
  private longestCooldownMs = 0;
  private running = 0;
  private draining = false;
  private idle?: () => void;

  constructor(
    private readonly maxInFlightPerGuild: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A refused question does not start a cooldown, so the user may ask again as soon as told. */
  admit(guildId: string, userId: string, cooldownMs: number): Admission {
    if (this.draining) return { ok: false, reason: 'stopping' };
    const userKey = `${guildId}:${userId}`;
    const now = this.now();
    const last = this.lastAdmitted.get(userKey);
    if (last !== undefined && now - last < cooldownMs) return { ok: false, reason: 'cooldown', retryAfterMs: cooldownMs - (now - last) };
    const running = this.inFlight.get(guildId) ?? 0;
    if (running >= this.maxInFlightPerGuild) return { ok: false, reason: 'busy' };

    this.inFlight.set(guildId, running + 1);
    this.running++;
    this.lastAdmitted.set(userKey, now);
    this.longestCooldownMs = Math.max(this.longestCooldownMs, cooldownMs);
    if (this.lastAdmitted.size > SWEEP_AT) this.sweep(now);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        const left = (this.inFlight.get(guildId) ?? 1) - 1;
        if (left > 0) this.inFlight.set(guildId, left);
        else this.inFlight.delete(guildId);
        if (--this.running === 0) this.idle?.();
      },
    };
  }

  /** Admits nothing more and waits up to `timeoutMs` for the answers in flight; resolves with how many are left. */
  async drain(timeoutMs: number): Promise<number> {
    this.draining = true;
    if (this.running > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.idle = resolve;
        timer = setTimeout(resolve, timeoutMs);
      });
      clearTimeout(timer);
    }
    return this.running;
  }

  private sweep(now: number): void {
    for (const [key, at] of this.lastAdmitted) if (now - at >= this.longestCooldownMs) this.lastAdmitted.delete(key);
  }
}
