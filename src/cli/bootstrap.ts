import dotenv from 'dotenv';
import { Engine } from '../answer/engine.js';
import { ConfigError, type EngineConfig, loadEngineConfig } from '../config/env.js';
import { type Logger, createLogger, redact } from '../log.js';

/** Exit codes every command line tool shares. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Reads .env (variables already set win), then validates; a bad variable stops here, named. */
export function loadConfigOrExit(overrides: Record<string, string> = {}): EngineConfig {
  dotenv.config({ quiet: true });
  try {
    return loadEngineConfig({ ...process.env, ...overrides });
  } catch (error) {
    if (error instanceof ConfigError) fail(`configuration error: ${error.message}`, EXIT.usage);
    throw error;
  }
}

export async function startEngine(config: EngineConfig, logger: Logger = createLogger({ level: config.logLevel })): Promise<Engine> {
  try {
    return await Engine.create(config, logger);
  } catch (error) {
    fail(`could not start: ${(error as Error).message}`, EXIT.failure);
  }
}

export function fail(message: string, code: number): never {
  process.stderr.write(`${redact(message)}\n`);
  process.exit(code);
}
