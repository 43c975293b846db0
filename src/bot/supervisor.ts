/**
 * npm start runs the bot under this supervisor: one bad gateway packet can make discord.js throw inside its own
 * handler and end the process, and a login that never reaches READY ends it on purpose (LOGIN_TIMEOUT_MS). The
 * supervisor starts the bot's entry point (start.ts) as a child process, says why it died, and starts it again after
 * a pause that doubles with each quick death. It forwards SIGTERM and SIGINT, so shutting down stays the bot's own
 * (answers in flight finish, the gateway closes with 1000) and a second signal still exits at once.
 *
 * Not the discord.js ShardingManager with `respawn`: it restarts at once with no backoff (each restart identifies,
 * and Discord resets a token after 1,000 identifies a day), and its kill does not wait for the answers in flight.
 */
import { type ChildProcess, fork } from 'node:child_process';
import os from 'node:os';
import type { BotConfig } from '../config/bot.js';
import type { Logger } from '../log.js';
import { siblingScript } from '../sibling-script.js';
import { signalCounter } from './signals.js';

/** What the bot process tells its supervisor over the IPC channel. */
export type SupervisedMessage = { kind: 'ready' } | { kind: 'fatal'; err: string };

/** A bot process that stayed connected this long was healthy: its next death starts the backoff again at RESTART_DELAY_MS. */
const HEALTHY_RUN_MS = 10 * 60_000;

/** Reads a message from the bot process, ignoring anything else on the channel. */
function supervisedMessage(message: unknown): SupervisedMessage | undefined {
  const kind = (message as { kind?: unknown } | null)?.kind;
  return kind === 'ready' || kind === 'fatal' ? (message as SupervisedMessage) : undefined;
}

/** Tells the supervisor, when there is one, something about this bot process; resolves once it is sent. */
export function tellSupervisor(message: SupervisedMessage): Promise<void> {
  if (!process.send || !process.connected) return Promise.resolve();
  return new Promise((resolve) => process.send!(message, () => resolve()));
}

/**
 * Runs the bot until SIGTERM or SIGINT; never resolves (the process exits with the bot's own exit code once a
 * forwarded signal has stopped it).
 */
export function superviseBot(config: BotConfig, logger: Logger): void {
  const script = siblingScript(import.meta.url, 'start');
  let child: ChildProcess | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let stopping = false;
  /** Deaths since the bot was last healthy; sets the next pause. */
  let quickDeaths = 0;
  let restarts = 0;

  const start = () => {
    restartTimer = undefined;
    const startedAt = performance.now();
    let readyAt: number | undefined;
    let lastError: string | undefined;
    // Its own process group: Ctrl-C at a terminal reaches the supervisor only, which forwards it once.
    const bot = fork(script.file, [], { execArgv: script.execArgv, detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child = bot;
    logger.info({ pid: bot.pid, restarts }, 'bot process started');
    bot.on('error', (error) => logger.error({ err: error.message }, 'could not run the bot process'));
    bot.on('message', (raw) => {
      const message = supervisedMessage(raw);
      if (message?.kind === 'ready') readyAt = performance.now();
      if (message?.kind === 'fatal') lastError = message.err;
    });
    bot.on('exit', (code, signal) => {
      child = undefined;
      if (stopping) return void process.exit(code ?? 128 + (signal ? os.constants.signals[signal] : 0));
      const ranMs = Math.round(performance.now() - startedAt);
      if (readyAt !== undefined && performance.now() - readyAt >= HEALTHY_RUN_MS) quickDeaths = 0;
      quickDeaths++;
      const died = { code, signal, ranMs, connected: readyAt !== undefined, lastError };
      const delayMs = Math.min(config.restartMaxDelayMs, config.restartDelayMs * 2 ** (quickDeaths - 1));
      restarts++;
      logger.warn({ ...died, restarts, restartInMs: delayMs }, 'bot process died; restarting');
      restartTimer = setTimeout(start, delayMs);
    });
  };

  const kindOf = signalCounter();
  const onSignal = (signal: NodeJS.Signals) => {
    if (kindOf(signal) === 'echo') return void logger.info({ signal }, 'same signal again at once: taken as the echo of the first');
    if (!child) {
      // Between two runs: nothing to finish.
      clearTimeout(restartTimer);
      logger.info({ signal }, 'supervisor stopped between restarts');
      process.exit(0);
    }
    // The bot process counts signals itself: the first starts its graceful stop, a second makes it exit at once.
    stopping = true;
    logger.info({ signal, pid: child.pid }, 'passing the signal to the bot process');
    child.kill(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  start();
}
