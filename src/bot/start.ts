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
  const { runChat } = await import('../cli/chat-session.js');
  await runChat(await startEngine(engineConfig));
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
async function shutdown(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ reason }, 'shutting down');
  await bot.stop().catch(() => undefined);
  process.exit(EXIT.ok);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
// Under the ShardingManager: the manager went away, so this shard goes too.
process.on('disconnect', () => void shutdown('sharding manager disconnected'));
