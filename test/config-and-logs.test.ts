import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadEngineConfig } from '../src/config/env.js';
import { createLogger, redact } from '../src/log.js';

describe('engine configuration', () => {
  it('runs offline by default', () => {
    const config = loadEngineConfig({});
    expect(config).toMatchObject({ answerer: 'extractive', embeddings: 'local', retrievalK: 4 });
  });

  it('names the variable that is wrong', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ ANSWERER: 'gpt' }, /^ANSWERER: unknown value "gpt"/],
      [{ EMBEDDINGS_PROVIDER: 'openai' }, /^OPENAI_API_KEY: /],
      [{ ANSWERER: 'llm' }, /^OPENAI_API_KEY: ANSWERER=llm needs an API key/],
      [{ ANSWERER: 'llm', OPENAI_BASE_URL: 'ftp://example' }, /^OPENAI_BASE_URL: /],
      [{ RETRIEVAL_K: 'ten' }, /^RETRIEVAL_K: expected a number from 1 to 8/],
      [{ LLM_TIMEOUT_MS: '5' }, /^LLM_TIMEOUT_MS: /],
    ];
    for (const [env, message] of cases) {
      expect(() => loadEngineConfig(env)).toThrow(ConfigError);
      expect(() => loadEngineConfig(env)).toThrow(message);
    }
  });

  it('accepts a self-hosted OpenAI-compatible server without a key', () => {
    const config = loadEngineConfig({ ANSWERER: 'llm', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1/', LLM_MODEL: 'llama3.1' });
    expect(config.openai).toMatchObject({ baseURL: 'http://127.0.0.1:11434/v1', chatModel: 'llama3.1', apiKey: undefined });
  });

  it.each([
    [{ LOG_LEVEL: ' DEBUG ' }, { logLevel: 'debug' }],
    [{ ANSWERER: '' , RETRIEVAL_K: '  ' }, { answerer: 'extractive', retrievalK: 4 }],
    [{ RETRIEVAL_K: '6', LLM_TEMPERATURE: '0.5' }, { retrievalK: 6, openai: expect.objectContaining({ temperature: 0.5 }) }],
    [{ DATA_DIR: '/srv/article' }, { dataDir: '/srv/article', indexDir: '/srv/article/index' }],
  ])('reads %j as %j: trimmed, case-insensitive, blank means the default', (env, expected) => {
    expect(loadEngineConfig(env)).toMatchObject(expected);
  });

  it('does not echo a long bad value back in full', () => {
    expect(() => loadEngineConfig({ ANSWERER: 'x'.repeat(500) })).toThrow(/^ANSWERER: unknown value "x{40}"/);
  });
});

describe('log redaction', () => {
  const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB';
  const key = 'sk-proj-abcdefghijklmnopqrstuvwx';

  it('masks secret values from the environment and credential shapes anywhere in a line', () => {
    const env = { DISCORD_TOKEN: token, OPENAI_API_KEY: key, LOG_LEVEL: 'info' };
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
    const logger = createLogger({ env, destination, level: 'info' });
    logger.info({ token, headers: { authorization: `Bot ${token}` } }, `connecting with ${token}`);
    logger.error({ err: new Error(`401 for key ${key}`) }, 'request failed');
    logger.info({ config: { apiKey: key } }, 'config');
    const text = lines.join('\n');
    expect(text).not.toContain(token);
    expect(text).not.toContain(key);
    expect(text).toContain('[redacted]');
    expect(lines).toHaveLength(3);
  });

  it('masks the bare token when DISCORD_TOKEN is written with its "Bot " prefix', () => {
    // Not token-shaped, so only the configured value can mask it: the client sends it without the prefix.
    const bare = 'a-bot-token-that-is-not-shaped-like-one-0123456789';
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
    const logger = createLogger({ env: { DISCORD_TOKEN: `Bot ${bare}` }, destination, level: 'info' });
    logger.error({ err: `401 Unauthorized for ${bare}` }, 'login failed');
    expect(lines.join('\n')).not.toContain(bare);
    expect(loadEngineConfig({ DISCORD_TOKEN: `Bot ${bare}` }).secrets).toContain(bare);
  });

  it('masks token-shaped strings even when no variable holds them', () => {
    expect(redact(`oops ${token} and Bearer abc.def-ghi_jkl`, [])).toBe('oops [redacted] and [redacted]');
  });
});
