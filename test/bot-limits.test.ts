import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientIdFromToken, loadBotConfig } from '../src/bot/config.js';
import { RateLimiter } from '../src/bot/limits.js';
import { ThrottledEditor } from '../src/bot/throttle.js';
import { ConfigError } from '../src/config/env.js';

describe('RateLimiter', () => {
  it('holds a user back for the cooldown, and says for how long', () => {
    let now = 1_000;
    const limiter = new RateLimiter(10, () => now);
    const first = limiter.admit('g', 'u', 5_000);
    expect(first.ok).toBe(true);
    if (first.ok) first.release();
    now += 2_000;
    expect(limiter.admit('g', 'u', 5_000)).toEqual({ ok: false, reason: 'cooldown', retryAfterMs: 3_000 });
    expect(limiter.admit('g', 'other', 5_000).ok).toBe(true);
    expect(limiter.admit('other-guild', 'u', 5_000).ok).toBe(true);
    now += 3_000;
    expect(limiter.admit('g', 'u', 5_000).ok).toBe(true);
  });

  it('caps the answers in flight per guild, and a refused question starts no cooldown', () => {
    const limiter = new RateLimiter(2);
    const a = limiter.admit('g', 'a', 60_000);
    const b = limiter.admit('g', 'b', 60_000);
    expect(limiter.admit('g', 'c', 60_000)).toEqual({ ok: false, reason: 'busy' });
    expect(limiter.admit('g2', 'c', 60_000).ok).toBe(true);
    if (!a.ok || !b.ok) throw new Error('expected admissions');
    a.release();
    a.release(); // a second release must not free a slot twice
    expect(limiter.admit('g', 'c', 60_000).ok).toBe(true);
    expect(limiter.admit('g', 'd', 60_000)).toEqual({ ok: false, reason: 'busy' });
  });
});

describe('RateLimiter.drain', () => {
  it('admits nothing more and resolves once the answers in flight are released', async () => {
    const limiter = new RateLimiter(10);
    const a = limiter.admit('g', 'a', 0);
    const b = limiter.admit('g2', 'b', 0);
    if (!a.ok || !b.ok) throw new Error('expected admissions');
    let left: number | undefined;
    const drained = limiter.drain(10_000).then((n) => (left = n));
    expect(limiter.admit('g', 'c', 0)).toEqual({ ok: false, reason: 'stopping' });
    a.release();
    await Promise.resolve();
    expect(left).toBeUndefined();
    b.release();
    await drained;
    expect(left).toBe(0);
  });

  it('gives up after its timeout and says how many answers are still in flight', async () => {
    const limiter = new RateLimiter(10);
    expect(limiter.admit('g', 'a', 0).ok).toBe(true);
    expect(await limiter.drain(20)).toBe(1);
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
    expect(config).toMatchObject({ token, clientId: '123456789012345678', apiUrl: 'http://127.0.0.1:9/api', shardCount: 'auto', logMessageContent: false, defaultCooldownSeconds: 10, guildMaxInFlight: 4, streamEditIntervalMs: 1200 });
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
    ['USER_COOLDOWN_SECONDS', '-1'],
    ['STREAM_EDIT_INTERVAL_MS', '200'],
  ])('names %s when its value is wrong', (variable, value) => {
    expect(() => loadBotConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadBotConfig({ [variable]: value })).toThrow(new RegExp(`^${variable}: `));
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
