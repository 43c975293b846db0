import os from 'node:os';
import dotenv from 'dotenv';
import { EXIT, fail, loadConfigOrExit, startEngine } from '../cli/bootstrap.js';
import { ConfigError } from '../config/env.js';
import { createLogger } from '../log.js';
import { startBot } from './bot.js';
import { type BotConfig, loadBotConfig } from './config.js';

dotenv.config({ quiet: true });

function botConfigOrExit(): BotConfig {
  try {
    return loadBotConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(`configuration error: ${error.message}`, EXIT.usage);
    throw error;
  }
}

const botConfig = botConfigOrExit();
const engineConfig = loadConfigOrExit();

if (!botConfig.token) {
  if (!process.stdin.isTTY) fail('DISCORD_TOKEN is not set: put the bot token in .env (see .env.example) to connect to Discord.', EXIT.failure);
  process.stderr.write('DISCORD_TOKEN is not set, so this is the console chat. To connect to Discord, set DISCORD_TOKEN in .env and run npm start again.\n');
  const { openConsoleChat } = await import('../cli/chat-session.js');
  await openConsoleChat(engineConfig);
  process.exit(EXIT.ok);
}

// Outside the ShardingManager, SHARD_COUNT is the manager's setting; discord.js would read it as its own.
if (!process.env.SHARDING_MANAGER) delete process.env.SHARD_COUNT;

const shardLabel = process.env.SHARDS;
const baseLogger = createLogger({ level: engineConfig.logLevel });
const logger = shardLabel === undefined ? baseLogger : baseLogger.child({ shard: Number(shardLabel) });
const engine = await startEngine(engineConfig, logger);
const bot = await startBot({ engine, config: botConfig, logger }).catch((error: Error) => fail(`could not connect to Discord: ${error.message}`, EXIT.failure));

let stopping = false;
/** Lets the answers in flight finish (SHUTDOWN_GRACE_SECONDS), closes the gateway, then exits. */
async function shutdown(reason: string): Promise<void> {
  stopping = true;
  logger.info({ reason, graceMs: botConfig.shutdownGraceMs }, 'shutting down: finishing the answers in flight');
  try {
    const { abandoned } = await bot.stop({ graceMs: botConfig.shutdownGraceMs });
    logger.info({ abandoned }, 'disconnected from Discord');
    process.exit(EXIT.ok);
  } catch (error) {
    logger.error({ err: (error as Error).message }, 'could not disconnect cleanly');
    process.exit(EXIT.failure);
  }
}
/** A second signal means the operator will not wait: exit at once, as if killed by it. */
function onSignal(signal: NodeJS.Signals): void {
  if (!stopping) return void shutdown(signal);
  logger.warn({ signal }, 'second signal: stopping at once');
  process.exit(128 + os.constants.signals[signal]);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// Under the ShardingManager: the manager went away, so this shard goes too, unless its SIGTERM already started that.
process.on('disconnect', () => {
  if (!stopping) void shutdown('sharding manager disconnected');
});
