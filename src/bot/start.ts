/** npm start: the bot's entry point, one process (or one shard under src/bot/shard.ts). */
import os from 'node:os';
import { EXIT, botConfigOrExit, engineConfigOrExit, fail, startEngine, startLogger } from '../app/startup.js';
import { startBot } from './bot.js';

const botConfig = botConfigOrExit();
const engineConfig = engineConfigOrExit();

if (!botConfig.token) fail('DISCORD_TOKEN is not set: put the bot token in .env (see .env.example) to connect to Discord; to ask questions in this terminal, run npm run chat.', EXIT.failure);

// Outside the ShardingManager, SHARD_COUNT is the manager's setting; discord.js would read it as its own.
if (!process.env.SHARDING_MANAGER) delete process.env.SHARD_COUNT;

const shardLabel = process.env.SHARDS;
const baseLogger = startLogger(engineConfig);
const logger = shardLabel === undefined ? baseLogger : baseLogger.child({ shard: Number(shardLabel) });
const engine = await startEngine(engineConfig, logger);
const bot = await startBot({ engine, config: botConfig, logger, defaultLanguage: engineConfig.defaultLanguage }).catch((error: Error) => fail(`could not connect to Discord: ${error.message}`, EXIT.failure));

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
