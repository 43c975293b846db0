/** Every variable the engine reads, validated once at start-up. The bot adds its own in src/config/bot.ts. */
import path from 'node:path';
import * as z from 'zod';
import { DEFAULT_ARTICLE_DIR } from '../paths.js';
import { secretValues } from '../log.js';
import { type Env, choice, httpUrl, numberIn, parseEnv, pathOr, text } from './fields.js';

export { ConfigError } from './fields.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const engineSchema = z
  .object({
    ANSWERER: choice(['extractive', 'llm'], 'extractive'),
    EMBEDDINGS_PROVIDER: choice(['local', 'use', 'openai'], 'local'),
    OPENAI_API_KEY: text,
    OPENAI_BASE_URL: httpUrl('http://127.0.0.1:11434/v1'),
    LLM_MODEL: text.transform((v) => v ?? 'gpt-4o-mini'),
    EMBEDDINGS_MODEL: text.transform((v) => v ?? 'text-embedding-3-small'),
    LLM_TIMEOUT_MS: numberIn(1000, 600_000, 20_000),
    LLM_TEMPERATURE: numberIn(0, 2, 0),
    // The prompt asks for at most four short sentences, about 150 tokens; 512 leaves room for French and for
    // citations, and is about 2,000 characters. Sent as `max_tokens`: a model that runs on is cut by the server.
    LLM_MAX_TOKENS: numberIn(16, 8192, 512),
    // Characters of a model's answer kept after cleaning, whatever the server did with max_tokens: slack over
    // 512 tokens for servers that count differently, and at most two Discord messages.
    LLM_MAX_ANSWER_CHARS: numberIn(200, 20_000, 3000),
    /** The folder holding the article (article.json and its texts) and the evaluation sets. */
    DATA_DIR: pathOr(DEFAULT_ARTICLE_DIR),
    INDEX_DIR: text,
    RETRIEVAL_K: numberIn(1, 8, 4),
    DEFAULT_LANGUAGE: choice(['en', 'fr'], 'en'),
    LOG_LEVEL: choice(LOG_LEVELS, 'info'),
  })
  // A self-hosted OpenAI-compatible server (Ollama, vLLM, LM Studio) usually needs no key; OpenAI itself does.
  .superRefine((env, ctx) => {
    if ((env.ANSWERER === 'llm' || env.EMBEDDINGS_PROVIDER === 'openai') && !env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) {
      const which = env.ANSWERER === 'llm' ? 'ANSWERER=llm' : 'EMBEDDINGS_PROVIDER=openai';
      ctx.addIssue({ code: 'custom', path: ['OPENAI_API_KEY'], message: `${which} needs an API key; set OPENAI_API_KEY, or OPENAI_BASE_URL for a local OpenAI-compatible server` });
    }
  })
  .transform((env) => ({
    answerer: env.ANSWERER,
    embeddings: env.EMBEDDINGS_PROVIDER,
    openai: {
      apiKey: env.OPENAI_API_KEY,
      baseURL: env.OPENAI_BASE_URL,
      chatModel: env.LLM_MODEL,
      embeddingsModel: env.EMBEDDINGS_MODEL,
      timeoutMs: env.LLM_TIMEOUT_MS,
      temperature: env.LLM_TEMPERATURE,
      maxTokens: env.LLM_MAX_TOKENS,
      maxAnswerChars: env.LLM_MAX_ANSWER_CHARS,
    },
    indexDir: env.INDEX_DIR ? path.resolve(env.INDEX_DIR) : path.join(env.DATA_DIR, 'index'),
    dataDir: env.DATA_DIR,
    retrievalK: env.RETRIEVAL_K,
    defaultLanguage: env.DEFAULT_LANGUAGE,
    logLevel: env.LOG_LEVEL,
  }));

export type EngineConfig = z.output<typeof engineSchema> & {
  /**
   * The credentials of this deployment (the API key, the bot token, every *_KEY, *_TOKEN, *_SECRET or *_PASSWORD
   * variable of the configuration): no answer may show them, in any spelling. Handed to the answer checks
   * explicitly, so a key given in code rather than in process.env is protected too.
   */
  secrets: string[];
};
export type LogLevel = (typeof LOG_LEVELS)[number];

export function loadEngineConfig(env: Env = process.env): EngineConfig {
  return { ...parseEnv(engineSchema, env), secrets: secretValues(env) };
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
