import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientIdFromToken, loadBotConfig } from '../src/config/bot.js';
import { type Admission, RateLimiter } from '../src/bot/rate-limiter.js';
import { ThrottledEditor } from '../src/bot/throttle.js';
import { loadEngineConfig } from '../src/config/env.js';
import { ConfigError } from '../src/config/fields.js';

const ALLOWANCE = { burst: 3, refillMs: 60_000 };

function limiter(options: { maxInFlight?: number; maxQueued?: number; clock?: { now: number } } = {}) {
  const clock = options.clock ?? { now: 1_000 };
  return new RateLimiter({ maxInFlightPerGuild: options.maxInFlight ?? 10, maxQueuedPerGuild: options.maxQueued ?? 0, now: () => clock.now });
}

function admitted(admission: Admission): Extract<Admission, { ok: true }> {
  if (!admission.ok) throw new Error(`expected an admission, got ${admission.reason}`);
  return admission;
}

describe('RateLimiter: a token bucket per member', () => {
  // Each row: milliseconds since the previous question, and what the member gets (burst 3 refilled over 60 s: a token every 20 s).
  it.each<[string, [number, 'ok' | number][]]>([
    ['a burst of three, then a wait for the next token', [[0, 'ok'], [0, 'ok'], [0, 'ok'], [0, 20_000], [5_000, 15_000]]],
    ['a token comes back every 20 seconds', [[0, 'ok'], [0, 'ok'], [0, 'ok'], [20_000, 'ok'], [0, 20_000]]],
    ['a question every 20 seconds is never held back', [[0, 'ok'], [20_000, 'ok'], [20_000, 'ok'], [20_000, 'ok'], [20_000, 'ok'], [20_000, 'ok']]],
    ['a full minute refills the whole burst, no more', [[0, 'ok'], [0, 'ok'], [0, 'ok'], [600_000, 'ok'], [0, 'ok'], [0, 'ok'], [0, 20_000]]],
  ])('%s', (_, steps) => {
    const clock = { now: 1_000 };
    const rate = limiter({ clock });
    for (const [wait, expected] of steps) {
      clock.now += wait;
      const admission = rate.admit('g', 'u', ALLOWANCE);
      if (expected === 'ok') admitted(admission).release();
      else expect(admission).toEqual({ ok: false, reason: 'rate', retryAfterMs: expected });
    }
  });

  it('counts each member of each guild apart, and a burst of 0 means no limit', () => {
    const rate = limiter();
    for (let i = 0; i < 3; i++) admitted(rate.admit('g', 'u', ALLOWANCE)).release();
    expect(rate.admit('g', 'u', ALLOWANCE).ok).toBe(false);
    expect(rate.admit('g', 'other', ALLOWANCE).ok).toBe(true);
    expect(rate.admit('other-guild', 'u', ALLOWANCE).ok).toBe(true);
    for (let i = 0; i < 50; i++) admitted(rate.admit('g', 'unlimited', { burst: 0, refillMs: 60_000 })).release();
  });

  it('lets a follow-up in a thread where the bot just answered through without a token, once per answer, within the window', () => {
    const clock = { now: 1_000 };
    const rate = limiter({ clock });
    for (let i = 0; i < 3; i++) admitted(rate.admit('g', 'u', ALLOWANCE)).release();
    expect(rate.admit('g', 'u', ALLOWANCE, 'thread-1').ok).toBe(false);
    rate.answeredIn('thread-1');
    admitted(rate.admit('g', 'u', ALLOWANCE, 'thread-1')).release();
    // The pass was used: the next one waits for the next answer.
    expect(rate.admit('g', 'u', ALLOWANCE, 'thread-1').ok).toBe(false);
    rate.answeredIn('thread-1');
    expect(rate.admit('g', 'u', ALLOWANCE, 'thread-2').ok).toBe(false);
    clock.now += 121_000;
    // Two minutes later it is a new question, and the bucket has refilled for it anyway.
    expect(rate.admit('g', 'u', ALLOWANCE, 'thread-1').ok).toBe(true);
    expect(rate.admit('g', 'u', ALLOWANCE, 'thread-1').ok).toBe(true);
    expect(rate.admit('g', 'u', ALLOWANCE, 'thread-1').ok).toBe(true);
    expect(rate.admit('g', 'u', ALLOWANCE, 'thread-1').ok).toBe(false);
  });
});

describe('RateLimiter: answers in flight per guild and the queue behind them', () => {
  const unlimited = { burst: 0, refillMs: 60_000 };

  it('queues past the cap, first in first out, and refuses past the queue without spending a token', async () => {
    const rate = limiter({ maxInFlight: 2, maxQueued: 2 });
    const [a, b] = [admitted(rate.admit('g', 'a', unlimited)), admitted(rate.admit('g', 'b', unlimited))];
    expect([a.queued, b.queued]).toEqual([false, false]);
    const [c, d] = [admitted(rate.admit('g', 'c', unlimited)), admitted(rate.admit('g', 'd', unlimited))];
    expect([c.queued, d.queued]).toEqual([true, true]);
    expect(rate.admit('g', 'e', ALLOWANCE)).toEqual({ ok: false, reason: 'busy' });
    expect(rate.admit('g2', 'e', unlimited).ok).toBe(true);

    const started: string[] = [];
    void c.turn.then(() => started.push('c'));
    void d.turn.then(() => started.push('d'));
    await Promise.resolve();
    expect(started).toEqual([]);
    b.release();
    b.release(); // a second release must not free a slot twice
    await Promise.resolve();
    expect(started).toEqual(['c']);
    a.release();
    await Promise.resolve();
    expect(started).toEqual(['c', 'd']);
    // The busy member spent nothing: their whole burst is still there.
    c.release();
    d.release();
    for (let i = 0; i < 3; i++) admitted(rate.admit('g', 'e', ALLOWANCE)).release();
  });

  it('lets a question leave the line before its turn without giving away a slot it never held', async () => {
    const rate = limiter({ maxInFlight: 1, maxQueued: 2 });
    const a = admitted(rate.admit('g', 'a', unlimited));
    const b = admitted(rate.admit('g', 'b', unlimited));
    const c = admitted(rate.admit('g', 'c', unlimited));
    let bStarted = false;
    void b.turn.then(() => (bStarted = true));
    // c gives up while b still waits ahead of it: b must keep waiting for a.
    c.release();
    await Promise.resolve();
    expect(bStarted).toBe(false);
    a.release();
    await b.turn;
    // b runs, and the line has room for one again… and only for one more.
    expect(rate.admit('g', 'd', unlimited)).toMatchObject({ ok: true, queued: true });
    expect(rate.admit('g', 'e', unlimited)).toMatchObject({ ok: true, queued: true });
    expect(rate.admit('g', 'f', unlimited)).toEqual({ ok: false, reason: 'busy' });
  });

  it('refuses at once past the cap when there is no queue', () => {
    const rate = limiter({ maxInFlight: 1, maxQueued: 0 });
    admitted(rate.admit('g', 'a', unlimited));
    expect(rate.admit('g', 'b', unlimited)).toEqual({ ok: false, reason: 'busy' });
  });
});

describe('RateLimiter.drain', () => {
  const none = { burst: 0, refillMs: 1000 };

  it('admits nothing more and resolves once the answers in flight and queued are released', async () => {
    const rate = limiter({ maxInFlight: 1, maxQueued: 1 });
    const a = admitted(rate.admit('g', 'a', none));
    const b = admitted(rate.admit('g', 'b', none));
    expect(b.queued).toBe(true);
    let left: number | undefined;
    const drained = rate.drain(10_000).then((n) => (left = n));
    expect(rate.admit('g2', 'c', none)).toEqual({ ok: false, reason: 'stopping' });
    a.release();
    await b.turn;
    expect(left).toBeUndefined();
    b.release();
    await drained;
    expect(left).toBe(0);
  });

  it('gives up after its timeout and says how many answers are still in flight', async () => {
    const rate = limiter();
    expect(rate.admit('g', 'a', none).ok).toBe(true);
    expect(await rate.drain(20)).toBe(1);
  });
});

describe('ThrottledEditor', () => {
  afterEach(() => vi.useRealTimers());

  it('edits at most once per interval, always with the latest text, and keeps the pace for the final edit', async () => {
    vi.useFakeTimers();
    const edits: { text: string; at: number }[] = [];
    const editor = new ThrottledEditor(
      async (text) => {
        edits.push({ text, at: performance.now() });
      },
      1000,
      () => undefined,
    );
    const started = performance.now();
    for (let i = 1; i <= 30; i++) {
      editor.push(`text ${i}`);
      await vi.advanceTimersByTimeAsync(100);
    }
    const closed = editor.close();
    await vi.advanceTimersByTimeAsync(1000);
    await closed;
    const finishedAt = performance.now();
    expect(edits.map((e) => e.text)).toEqual(['text 1', 'text 10', 'text 20', 'text 30']);
    for (let i = 1; i < edits.length; i++) expect(edits[i]!.at - edits[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    expect(finishedAt - edits.at(-1)!.at).toBeGreaterThanOrEqual(1000);
    expect(edits[0]!.at - started).toBeLessThan(100);
    editor.push('after close');
    await vi.advanceTimersByTimeAsync(2000);
    expect(edits).toHaveLength(4);
  });

  it('reports a failed edit and goes on', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let calls = 0;
    const editor = new ThrottledEditor(
      async () => {
        calls++;
        if (calls === 1) throw new Error('429');
      },
      1000,
      (error) => errors.push(error),
    );
    editor.push('a');
    await vi.advanceTimersByTimeAsync(10);
    editor.push('b');
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    const closed = editor.close();
    await vi.advanceTimersByTimeAsync(1000);
    await closed;
  });
});

describe('loadBotConfig', () => {
  const token = `${Buffer.from('123456789012345678').toString('base64')}.GabCde.${'x'.repeat(38)}`;

  it('reads the Discord variables with their defaults', () => {
    const config = loadBotConfig({ DISCORD_TOKEN: token, DISCORD_CLIENT_ID: '123456789012345678', DISCORD_API_URL: 'http://127.0.0.1:9/api/' });
    expect(config).toMatchObject({ token, clientId: '123456789012345678', apiUrl: 'http://127.0.0.1:9/api', shardCount: 'auto', logMessageContent: false, defaultMemberBurst: 5, memberRefillMs: 60_000, guildMaxInFlight: 4, guildQueueMax: 8, streamEditIntervalMs: 1200, questionLogDays: 90, reindexCooldownMs: 300_000 });
    expect(config.devGuildId).toBeUndefined();
    expect(loadBotConfig({}).token).toBeUndefined();
    expect(loadBotConfig({ SHARD_COUNT: '3', LOG_MESSAGE_CONTENT: 'true' })).toMatchObject({ shardCount: 3, logMessageContent: true });
  });

  it.each([
    ['DISCORD_CLIENT_ID', 'abc'],
    ['DEV_GUILD_ID', '12'],
    ['DISCORD_API_URL', 'ftp://x'],
    ['SHARD_COUNT', 'many'],
    ['LOG_MESSAGE_CONTENT', 'maybe'],
    ['MEMBER_BURST', '-1'],
    ['MEMBER_REFILL_SECONDS', '0'],
    ['GUILD_QUEUE_MAX', 'lots'],
    ['SHARD_COUNT', '0'],
    ['STREAM_EDIT_INTERVAL_MS', '200'],
    ['QUESTION_LOG_DAYS', '0'],
    ['REINDEX_COOLDOWN_SECONDS', 'soon'],
  ])('names %s when its value is wrong', (variable, value) => {
    expect(() => loadBotConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadBotConfig({ [variable]: value })).toThrow(new RegExp(`^${variable}: `));
  });

  it.each([
    [{ SHARD_COUNT: 'AUTO' }, { shardCount: 'auto' }],
    [{ SHARD_COUNT: '' }, { shardCount: 'auto' }],
    [{ LOG_MESSAGE_CONTENT: 'Yes' }, { logMessageContent: true }],
    [{ LOG_MESSAGE_CONTENT: 'off' }, { logMessageContent: false }],
    [{ MEMBER_BURST: '0', MEMBER_REFILL_SECONDS: '30' }, { defaultMemberBurst: 0, memberRefillMs: 30_000 }],
    [{ DISCORD_TOKEN: `Bot ${token}` }, { token }],
  ])('reads %j as %j', (env, expected) => {
    expect(loadBotConfig(env)).toMatchObject(expected);
  });

  it.each([
    ['GUILD_MAX_IN_FLIGHT', '2.5', /^GUILD_MAX_IN_FLIGHT: expected a whole number from 1 to 100, got "2.5"$/],
    ['RETRIEVAL_K', 'ten', /^RETRIEVAL_K: expected a number from 1 to 8, got "ten"$/],
  ])('says what %s expects and what it got', (variable, value, message) => {
    const load = variable === 'RETRIEVAL_K' ? () => loadEngineConfig({ [variable]: value }) : () => loadBotConfig({ [variable]: value });
    expect(load).toThrow(message);
  });

  it('rejects a malformed token without ever repeating it', () => {
    const secret = 'not a token but secret';
    try {
      loadBotConfig({ DISCORD_TOKEN: secret });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).variable).toBe('DISCORD_TOKEN');
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it('finds the application id inside a bot token', () => {
    expect(clientIdFromToken(token)).toBe('123456789012345678');
    expect(clientIdFromToken('garbage.x.y')).toBeUndefined();
  });
});

describe('RateLimiter.claim', () => {
  it('grants a key once per window, each key apart, and says how long until it is free again', () => {
    const clock = { now: 1_000 };
    const rate = limiter({ clock });
    expect(rate.claim('note:rate:g:u', 60_000)).toBe(true);
    expect(rate.claim('note:rate:g:u', 60_000)).toBe(false);
    expect(rate.claim('note:rate:g:other', 60_000)).toBe(true);
    clock.now += 59_000;
    expect(rate.claim('note:rate:g:u', 60_000)).toBe(false);
    expect(rate.claimedFor('note:rate:g:u')).toBe(1_000);
    clock.now += 1_000;
    expect(rate.claimedFor('note:rate:g:u')).toBe(0);
    expect(rate.claim('note:rate:g:u', 60_000)).toBe(true);
  });
});
