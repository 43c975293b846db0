/** npm run start:sharded: a discord.js ShardingManager that runs the bot's entry point once per shard. */
import { ShardingManager } from 'discord.js';
import { EXIT, botConfigOrExit, engineConfigOrExit, fail, startLogger } from '../app/startup.js';
import { siblingScript } from '../sibling-script.js';
import { signalCounter } from './signals.js';

const DISCORD_API = 'https://discord.com/api';
/** A shard's process loads the engine and connects; give it time on a slow machine. */
const SHARD_READY_TIMEOUT_MS = 120_000;

const config = botConfigOrExit();
// The engine's variables are checked here too, so a mistake stops the manager rather than every shard in turn.
const logger = startLogger(engineConfigOrExit());
const token = config.token ?? fail('DISCORD_TOKEN is not set: the sharded bot needs the bot token in .env (see .env.example).', EXIT.failure);

/** Discord's recommended shard count, asked of DISCORD_API_URL when set (discord.js's helper always asks discord.com). */
async function recommendedShardCount(): Promise<number> {
  const response = await fetch(`${config.apiUrl ?? DISCORD_API}/v10/gateway/bot`, { headers: { Authorization: `Bot ${token}` } });
  if (!response.ok) throw new Error(`GET /gateway/bot answered ${response.status}`);
  const { shards } = (await response.json()) as { shards: number };
  return Math.max(1, shards);
}

const total = config.shardCount === 'auto' ? await recommendedShardCount().catch((error: Error) => fail(`could not get the shard count: ${error.message}`, EXIT.failure)) : config.shardCount;
// Each shard runs start.js under plain node, or start.ts with tsx's loader when the manager itself runs from source.
const shardScript = siblingScript(import.meta.url, 'start');
const manager = new ShardingManager(shardScript.file, {
  token,
  totalShards: total,
  execArgv: shardScript.execArgv,
  respawn: true,
});
manager.on('shardCreate', (shard) => {
  logger.info({ shard: shard.id, of: total }, 'shard process started');
  shard.on('death', () => logger.warn({ shard: shard.id }, 'shard process exited'));
});

const kindOf = signalCounter();
let stopping: Promise<void> | undefined;
/**
 * Each shard stops as the bot does (answers in flight finish; a second signal, at once): the signal is passed on
 * and the manager exits once every shard has, so a service manager waiting on it waits for the answers too.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (kindOf(signal) === 'echo') return;
  manager.respawn = false;
  const running = [...manager.shards.values()].flatMap((shard) => (shard.process && shard.process.exitCode === null && shard.process.signalCode === null ? [shard.process] : []));
  logger.info({ signal, shards: running.length }, stopping ? 'signal passed to the shards again: they stop at once' : 'stopping: each shard finishes its answers in flight');
  stopping ??= Promise.all(running.map((child) => new Promise((resolve) => child.once('exit', resolve)))).then(() => process.exit(EXIT.ok));
  for (const child of running) child.kill(signal);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

await manager.spawn({ amount: total, delay: config.shardSpawnDelayMs, timeout: SHARD_READY_TIMEOUT_MS }).catch((error: Error) => fail(`could not start the shards: ${error.message}`, EXIT.failure));
logger.info({ shards: total }, 'all shards ready');
