/**
 * The one start-up path every entry point stands on (the bot, its shard manager, deploy-commands and the command
 * line tools): .env is read once, configuration is validated with errors that name the variable, and the logger
 * and the engine are built the same way for all. Neither src/bot nor src/cli imports the other; both import this.
 */
import dotenv from 'dotenv';
import type { Engine } from '../answer/engine.js';
import { type BotConfig, loadBotConfig } from '../config/bot.js';
import { ConfigError, type EngineConfig, type LogLevel, loadEngineConfig } from '../config/env.js';
import type { Env } from '../config/fields.js';
import { type Logger, createLogger, redact } from '../log.js';

/** Exit codes every entry point shares. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

let environmentRead = false;

/** The process environment after reading .env once (variables already set win), with `overrides` on top. */
function environment(overrides: Env = {}): Env {
  if (!environmentRead) {
    dotenv.config({ quiet: true });
    environmentRead = true;
  }
  return { ...process.env, ...overrides };
}

/** Prints `message` (secrets masked) to stderr and exits with `code`. */
export function fail(message: string, code: number): never {
  process.stderr.write(`${redact(message)}\n`);
  process.exit(code);
}

function orExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) fail(`configuration error: ${error.message}`, EXIT.usage);
    throw error;
  }
}

/** The engine's configuration (LOG_LEVEL included); a bad variable exits 2, named. */
export function engineConfigOrExit(overrides: Env = {}): EngineConfig {
  return orExit(() => loadEngineConfig(environment(overrides)));
}

/** The Discord front end's configuration; a bad variable exits 2, named. */
export function botConfigOrExit(): BotConfig {
  return orExit(() => loadBotConfig(environment()));
}

/** JSON lines on stderr at the configured level, secrets masked. */
export function startLogger(config: { logLevel: LogLevel }): Logger {
  return createLogger({ level: config.logLevel });
}

/**
 * Loads the article and the index; a failure exits 1 with the reason. The engine's modules are imported here, not at
 * the top, so a process that never answers (npm start's supervisor: 57 MB instead of 84) does not carry them.
 */
export async function startEngine(config: EngineConfig, logger: Logger = startLogger(config)): Promise<Engine> {
  try {
    const { Engine } = await import('../answer/engine.js');
    return await Engine.create(config, logger);
  } catch (error) {
    fail(`could not start: ${(error as Error).message}`, EXIT.failure);
  }
}
