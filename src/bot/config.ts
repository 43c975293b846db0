import path from 'node:path';
import { ConfigError } from '../config/env.js';

/** What the Discord front end reads from the environment, on top of the engine's own variables. */
export interface BotConfig {
  /** Absent means "no Discord": `npm start` then offers the console chat. */
  token?: string;
  clientId?: string;
  devGuildId?: string;
  /** REST base handed to discord.js as `rest.api` (an emulator in tests, a proxy in production). */
  apiUrl?: string;
  shardCount: number | 'auto';
  /** Pause between shard processes so their identifies stay under Discord's 1-per-5-seconds limit. */
  shardSpawnDelayMs: number;
  /** Question text appears in info logs only when a moderator of the deployment allows it. */
  logMessageContent: boolean;
  databasePath: string;
  /** Guild defaults until a moderator changes them with /kb config. */
  defaultCooldownSeconds: number;
  guildMaxInFlight: number;
  /** Minimum pause between two progressive edits of a streamed answer. */
  streamEditIntervalMs: number;
  /** On SIGTERM, how long the answers in flight may take to finish before the bot disconnects anyway. */
  shutdownGraceMs: number;
}

type Env = Record<string, string | undefined>;

const SNOWFLAKE = /^\d{17,20}$/;
export const DEFAULT_DATABASE_PATH = path.resolve(import.meta.dirname, '../../data/bot.sqlite');

function snowflake(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!SNOWFLAKE.test(raw)) throw new ConfigError(name, 'expected a Discord id (17 to 20 digits; Developer Mode → right click → Copy ID)');
  return raw;
}

function integer(env: Env, name: string, min: number, max: number, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got "${raw.slice(0, 20)}"`);
  return value;
}

function flag(env: Env, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return false;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `expected true or false, got "${raw.slice(0, 20)}"`);
}

function token(env: Env): string | undefined {
  const raw = env.DISCORD_TOKEN?.trim().replace(/^Bot\s+/i, '');
  if (!raw) return undefined;
  // Never echo the value: a malformed token is still a secret.
  if (/\s/.test(raw) || raw.length < 20) throw new ConfigError('DISCORD_TOKEN', 'does not look like a bot token (Developer Portal → Bot → Reset Token)');
  return raw;
}

function apiUrl(env: Env): string | undefined {
  const raw = env.DISCORD_API_URL?.trim();
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError('DISCORD_API_URL', 'expected an http(s) URL such as http://127.0.0.1:8080/api');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError('DISCORD_API_URL', 'expected an http(s) URL');
  return raw.replace(/\/+$/, '');
}

function shardCount(env: Env): number | 'auto' {
  const raw = env.SHARD_COUNT?.trim().toLowerCase();
  if (!raw || raw === 'auto') return 'auto';
  return integer(env, 'SHARD_COUNT', 1, 1000, 1);
}

export function loadBotConfig(env: Env = process.env): BotConfig {
  return {
    token: token(env),
    clientId: snowflake(env, 'DISCORD_CLIENT_ID'),
    devGuildId: snowflake(env, 'DEV_GUILD_ID'),
    apiUrl: apiUrl(env),
    shardCount: shardCount(env),
    shardSpawnDelayMs: integer(env, 'SHARD_SPAWN_DELAY_MS', 0, 60_000, 5_500),
    logMessageContent: flag(env, 'LOG_MESSAGE_CONTENT'),
    databasePath: env.BOT_DATABASE?.trim() ? path.resolve(env.BOT_DATABASE) : DEFAULT_DATABASE_PATH,
    defaultCooldownSeconds: integer(env, 'USER_COOLDOWN_SECONDS', 0, 3600, 10),
    guildMaxInFlight: integer(env, 'GUILD_MAX_IN_FLIGHT', 1, 100, 4),
    streamEditIntervalMs: integer(env, 'STREAM_EDIT_INTERVAL_MS', 1000, 10_000, 1200),
    // Under Docker's 10-second stop timeout, after which the process is killed.
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_SECONDS', 0, 600, 8) * 1000,
  };
}

/** The application id is the first part of a bot token (base64 of the id), so deploy-commands can do without DISCORD_CLIENT_ID. */
export function clientIdFromToken(botToken: string): string | undefined {
  const first = botToken.split('.')[0] ?? '';
  const decoded = Buffer.from(first, 'base64').toString('utf8');
  return SNOWFLAKE.test(decoded) ? decoded : undefined;
}
