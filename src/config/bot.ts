/** What the Discord front end reads from the environment, on top of the engine's own variables (src/config/env.ts). */
import path from 'node:path';
import * as z from 'zod';
import { DATA_DIR } from '../paths.js';
import { type Env, flag, httpUrl, numberIn, parseEnv, pathOr, text } from './fields.js';

const SNOWFLAKE = /^\d{17,20}$/;
const DEFAULT_DATABASE_PATH = path.join(DATA_DIR, 'bot.sqlite');

const snowflake = text.pipe(z.string().regex(SNOWFLAKE, { error: 'expected a Discord id (17 to 20 digits; Developer Mode → right click → Copy ID)' }).optional());

const botSchema = z
  .object({
    // Never echo the value: a malformed token is still a secret.
    DISCORD_TOKEN: text
      .transform((raw) => raw?.replace(/^Bot\s+/i, '') || undefined)
      .refine((raw) => raw === undefined || (raw.length >= 20 && !/\s/.test(raw)), { error: 'does not look like a bot token (Developer Portal → Bot → Reset Token)' }),
    DISCORD_CLIENT_ID: snowflake,
    DEV_GUILD_ID: snowflake,
    DISCORD_API_URL: httpUrl('http://127.0.0.1:8080/api'),
    SHARD_COUNT: text
      .transform((raw) => (raw?.toLowerCase() === 'auto' ? undefined : raw))
      .pipe(numberIn(1, 1000, undefined, { whole: true }))
      .transform((count) => count ?? ('auto' as const)),
    SHARD_SPAWN_DELAY_MS: numberIn(0, 60_000, 5_500, { whole: true }),
    LOG_MESSAGE_CONTENT: flag(),
    BOT_DATABASE: pathOr(DEFAULT_DATABASE_PATH),
    MEMBER_BURST: numberIn(0, 100, 5, { whole: true }),
    MEMBER_REFILL_SECONDS: numberIn(1, 3600, 60, { whole: true }),
    GUILD_MAX_IN_FLIGHT: numberIn(1, 100, 4, { whole: true }),
    GUILD_QUEUE_MAX: numberIn(0, 1000, 8, { whole: true }),
    STREAM_EDIT_INTERVAL_MS: numberIn(1000, 10_000, 1200, { whole: true }),
    SHUTDOWN_GRACE_SECONDS: numberIn(0, 600, 8, { whole: true }),
    QUESTION_LOG_DAYS: numberIn(1, 3650, 90, { whole: true }),
    REINDEX_COOLDOWN_SECONDS: numberIn(0, 86_400, 300, { whole: true }),
    LOGIN_TIMEOUT_MS: numberIn(1000, 600_000, 60_000, { whole: true }),
    RESTART_DELAY_MS: numberIn(0, 60_000, 1000, { whole: true }),
    RESTART_MAX_DELAY_SECONDS: numberIn(1, 3600, 300, { whole: true }),
  })
  .transform((env) => ({
    /** Absent means "no Discord": `npm start` then offers the console chat. */
    token: env.DISCORD_TOKEN,
    clientId: env.DISCORD_CLIENT_ID,
    devGuildId: env.DEV_GUILD_ID,
    /** REST base handed to discord.js as `rest.api` (an emulator in tests, a proxy in production). */
    apiUrl: env.DISCORD_API_URL,
    shardCount: env.SHARD_COUNT,
    /** Pause between shard processes so their identifies stay under Discord's 1-per-5-seconds limit. */
    shardSpawnDelayMs: env.SHARD_SPAWN_DELAY_MS,
    /** Question text appears in info logs only when a moderator of the deployment allows it. */
    logMessageContent: env.LOG_MESSAGE_CONTENT,
    databasePath: env.BOT_DATABASE,
    /** Guild defaults until a moderator changes them with /kb config: questions a member may ask in a row (0: no limit)… */
    defaultMemberBurst: env.MEMBER_BURST,
    /** …and the time in which a spent burst fills up again. */
    memberRefillMs: env.MEMBER_REFILL_SECONDS * 1000,
    guildMaxInFlight: env.GUILD_MAX_IN_FLIGHT,
    /** Questions that wait for a free slot, first come first served, before a member is told the bot is busy. */
    guildQueueMax: env.GUILD_QUEUE_MAX,
    /** Minimum pause between two progressive edits of a streamed answer. */
    streamEditIntervalMs: env.STREAM_EDIT_INTERVAL_MS,
    /** On SIGTERM, how long the answers in flight may take to finish before the bot disconnects anyway. Under Docker's 10-second stop timeout. */
    shutdownGraceMs: env.SHUTDOWN_GRACE_SECONDS * 1000,
    /** Days a question (with its votes) stays in the log; older ones are deleted at start-up and daily. */
    questionLogDays: env.QUESTION_LOG_DAYS,
    /** /kb reindex rebuilds the engine every guild of the process shares: at most once in this time per process. */
    reindexCooldownMs: env.REINDEX_COOLDOWN_SECONDS * 1000,
    /**
     * Login that has not reached READY by then fails (exit 1; the supervisor starts the bot again). discord.js alone
     * would wait forever while a gateway refuses every connection.
     */
    loginTimeoutMs: env.LOGIN_TIMEOUT_MS,
    /** npm start's supervisor: the pause before restarting a bot process that died, doubled after each quick death… */
    restartDelayMs: env.RESTART_DELAY_MS,
    /**
     * …up to this. Every restart identifies again, and Discord resets a token after 1,000 identifies in a day: the
     * default of 300 s keeps a bot that dies at every start to 288 a day.
     */
    restartMaxDelayMs: env.RESTART_MAX_DELAY_SECONDS * 1000,
  }));

export type BotConfig = z.output<typeof botSchema>;

export function loadBotConfig(env: Env = process.env): BotConfig {
  return parseEnv(botSchema, env);
}

/** The application id is the first part of a bot token (base64 of the id), so deploy-commands can do without DISCORD_CLIENT_ID. */
export function clientIdFromToken(botToken: string): string | undefined {
  const first = botToken.split('.')[0] ?? '';
  const decoded = Buffer.from(first, 'base64').toString('utf8');
  return SNOWFLAKE.test(decoded) ? decoded : undefined;
}
