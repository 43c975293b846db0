import path from 'node:path';
import { DATA_DIR } from '../corpus/article.js';
import { secretValues } from '../log.js';

/** Every variable the engine reads, validated once at start-up. The bot adds its own in src/bot/config.ts. */
export interface EngineConfig {
  answerer: 'extractive' | 'llm';
  embeddings: 'local' | 'use' | 'openai';
  openai: {
    apiKey?: string;
    baseURL?: string;
    chatModel: string;
    embeddingsModel: string;
    timeoutMs: number;
    temperature: number;
    /** Sent as `max_tokens`: a model that runs on is cut by the server. */
    maxTokens: number;
    /** Characters of a model's answer kept after cleaning, whatever the server did with `maxTokens`. */
    maxAnswerChars: number;
  };
  /**
   * The credentials of this deployment (the API key, the bot token, every *_KEY, *_TOKEN, *_SECRET or *_PASSWORD
   * variable of the configuration): no answer may show them, in any spelling. Handed to the answer checks
   * explicitly, so a key given in code rather than in process.env is protected too.
   */
  secrets: string[];
  indexDir: string;
  dataDir: string;
  retrievalK: number;
  defaultLanguage: 'fr' | 'en';
  logLevel: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

type Env = Record<string, string | undefined>;

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = env[name]?.trim().toLowerCase();
  if (!value) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `unknown value "${value.slice(0, 40)}"; set it to one of: ${allowed.join(', ')}`);
  }
  return value as T;
}

function numberIn(env: Env, name: string, min: number, max: number, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(name, `expected a number from ${min} to ${max}, got "${raw.slice(0, 40)}"`);
  }
  return value;
}

function url(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new ConfigError(name, 'expected an http(s) URL such as http://127.0.0.1:11434/v1');
  }
  return raw.replace(/\/+$/, '');
}

/** How the OpenAI clients (chat and embeddings) reach the server: OpenAI itself or a compatible one. */
export function openAIConnection(config: EngineConfig) {
  return {
    // A local server ignores the key, but the client refuses to start without one.
    apiKey: config.openai.apiKey ?? 'not-needed',
    configuration: config.openai.baseURL ? { baseURL: config.openai.baseURL } : undefined,
    timeout: config.openai.timeoutMs,
  };
}

function configuredSecrets(env: Env): string[] {
  const token = env.DISCORD_TOKEN?.trim().replace(/^Bot\s+/i, '');
  const values = new Set([...secretValues(env), ...(token && token.length >= 6 ? [token] : [])]);
  return [...values].sort((a, b) => b.length - a.length);
}

export function loadEngineConfig(env: Env = process.env): EngineConfig {
  const answerer = oneOf(env, 'ANSWERER', ['extractive', 'llm'] as const, 'extractive');
  const embeddings = oneOf(env, 'EMBEDDINGS_PROVIDER', ['local', 'use', 'openai'] as const, 'local');
  const baseURL = url(env, 'OPENAI_BASE_URL');
  const apiKey = env.OPENAI_API_KEY?.trim() || undefined;
  const needsOpenAI = answerer === 'llm' || embeddings === 'openai';
  // A self-hosted OpenAI-compatible server (Ollama, vLLM, LM Studio) usually needs no key; OpenAI itself does.
  if (needsOpenAI && !apiKey && !baseURL) {
    const which = answerer === 'llm' ? 'ANSWERER=llm' : 'EMBEDDINGS_PROVIDER=openai';
    throw new ConfigError('OPENAI_API_KEY', `${which} needs an API key; set OPENAI_API_KEY, or OPENAI_BASE_URL for a local OpenAI-compatible server`);
  }
  const dataDir = env.DATA_DIR?.trim() ? path.resolve(env.DATA_DIR) : DATA_DIR;
  return {
    answerer,
    embeddings,
    openai: {
      apiKey,
      baseURL,
      chatModel: env.LLM_MODEL?.trim() || 'gpt-4o-mini',
      embeddingsModel: env.EMBEDDINGS_MODEL?.trim() || 'text-embedding-3-small',
      timeoutMs: numberIn(env, 'LLM_TIMEOUT_MS', 1000, 600_000, 20_000),
      temperature: numberIn(env, 'LLM_TEMPERATURE', 0, 2, 0),
      // The prompt asks for at most four short sentences, about 150 tokens; 512 leaves room for French and
      // for citations, and is about 2,000 characters.
      maxTokens: numberIn(env, 'LLM_MAX_TOKENS', 16, 8192, 512),
      // Slack over 512 tokens for servers that count differently; at most two Discord messages.
      maxAnswerChars: numberIn(env, 'LLM_MAX_ANSWER_CHARS', 200, 20_000, 3000),
    },
    secrets: configuredSecrets(env),
    indexDir: env.INDEX_DIR?.trim() ? path.resolve(env.INDEX_DIR) : path.join(dataDir, 'index'),
    dataDir,
    retrievalK: numberIn(env, 'RETRIEVAL_K', 1, 8, 4),
    defaultLanguage: oneOf(env, 'DEFAULT_LANGUAGE', ['en', 'fr'] as const, 'en'),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
  };
}
