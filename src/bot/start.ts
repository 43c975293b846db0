/**
 * The bot's process: one process serving every guild under npm start's supervisor (src/bot/supervisor.ts), or one
 * shard under src/bot/shard.ts. Run alone (node dist/bot/start.js), it is the same bot without the restarts.
 */
import os from 'node:os';
import { EXIT, botConfigOrExit, engineConfigOrExit, fail, startEngine, startLogger } from '../app/startup.js';
import { startBot } from './bot.js';
import { signalCounter } from './signals.js';
import { tellSupervisor } from './supervisor.js';

const botConfig = botConfigOrExit();
const engineConfig = engineConfigOrExit();

if (!botConfig.token) fail('DISCORD_TOKEN is not set: put the bot token in .env (see .env.example) to connect to Discord; to ask questions in this terminal, run npm run chat.', EXIT.failure);

// Outside the ShardingManager, SHARD_COUNT is the manager's setting; discord.js would read it as its own.
if (!process.env.SHARDING_MANAGER) delete process.env.SHARD_COUNT;

const shardLabel = process.env.SHARDS;
const baseLogger = startLogger(engineConfig);
const logger = shardLabel === undefined ? baseLogger : baseLogger.child({ shard: Number(shardLabel) });

/**
 * An exception nothing caught (discord.js throwing inside its gateway handler on a malformed packet, or a bug of
 * ours) leaves the process in a state nobody can vouch for: it is logged with its stack, told to the supervisor,
 * and the process exits 1 for the supervisor to start a fresh one. Never swallowed.
 */
process.on('uncaughtException', (error, origin) => {
  const err = error instanceof Error ? error.message : String(error);
  logger.fatal({ err, stack: error instanceof Error ? error.stack : undefined, origin }, 'uncaught exception; exiting');
  void tellSupervisor({ kind: 'fatal', err }).finally(() => process.exit(EXIT.failure));
});

const engine = await startEngine(engineConfig, logger);
const bot = await startBot({ engine, config: botConfig, logger, defaultLanguage: engineConfig.defaultLanguage }).catch(async (error: Error) => {
  const err = `could not connect to Discord: ${error.message}`;
  await tellSupervisor({ kind: 'fatal', err });
  return fail(err, EXIT.failure);
});

void tellSupervisor({ kind: 'ready' });

let stopping = false;
/** Lets the answers in flight finish (SHUTDOWN_GRACE_SECONDS), closes the gateway, then exits with `code`. */
async function shutdown(reason: string, code: number = EXIT.ok): Promise<void> {
  stopping = true;
  logger.info({ reason, graceMs: botConfig.shutdownGraceMs }, 'shutting down: finishing the answers in flight');
  try {
    const { abandoned } = await bot.stop({ graceMs: botConfig.shutdownGraceMs });
    logger.info({ abandoned }, 'disconnected from Discord');
    process.exit(code);
  } catch (error) {
    logger.error({ err: (error as Error).message }, 'could not disconnect cleanly');
    process.exit(EXIT.failure);
  }
}
const kindOf = signalCounter();
/** A second signal means the operator will not wait: exit at once, as if killed by it. Its echo changes nothing. */
function onSignal(signal: NodeJS.Signals): void {
  if (kindOf(signal) === 'echo') return;
  if (!stopping) return void shutdown(signal);
  logger.warn({ signal }, 'second signal: stopping at once');
  process.exit(128 + os.constants.signals[signal]);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// Under the supervisor or the ShardingManager: it went away, so this process goes too, unless a signal already started that.
process.on('disconnect', () => {
  if (!stopping) void shutdown('parent process disconnected');
});
// A shard discord.js will not reconnect leaves a process that looks alive and hears nothing: it ends, with 1, so
// the supervisor's fresh start (after its pause) tries again and says so in its log.
void bot.closedForGood.then(async ({ shard, code }) => {
  if (stopping) return;
  const err = `the gateway closed shard ${shard} with ${code}, which discord.js does not reconnect`;
  await tellSupervisor({ kind: 'fatal', err });
  await shutdown(err, EXIT.failure);
});
