import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DiscordEmulator, type EmulatorOptions } from './emulator.js';
import type { Guild, Json, User } from './model.js';
import { type Spawned, runScript } from './processes.js';

export interface BotProcess extends Spawned {
  /** The bot's log so far: its JSON lines on stderr, parsed; any other line (a crash trace) as `{ raw }`. */
  logs(): Json[];
  /** Peak resident memory of the bot's process so far, in MB (Linux's VmHWM); undefined once it has exited. */
  peakRssMb(): number | undefined;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export interface BotProcessOptions {
  /** Through tsx's launcher rather than node with tsx's loader. */
  viaTsx?: boolean;
  /** src/main.ts: npm start's own entry point, the bot under its supervisor. Default: the bot's process alone. */
  supervised?: boolean;
}

/**
 * The bot's entry point (src/bot/start.ts, or src/main.ts with `supervised`) in a process of its own, against the
 * emulator: SQLite and the index in `dir`, the secrets and settings it is given in its environment. Resolves once it
 * is connected. By default node runs it with tsx's loader; `viaTsx` goes through tsx's launcher.
 */
export async function startBotProcess(emulator: DiscordEmulator, dir: string, env: Record<string, string> = {}, options: BotProcessOptions = {}): Promise<BotProcess> {
  const run = runScript(
    options.supervised ? 'src/main.ts' : 'src/bot/start.ts',
    { DISCORD_TOKEN: emulator.token, DISCORD_API_URL: emulator.apiUrl, BOT_DATABASE: path.join(dir, 'bot.sqlite'), INDEX_DIR: path.join(dir, 'index'), ...env },
    dir,
    { direct: !options.viaTsx },
  );
  const parsed: Json[] = [];
  let consumed = 0;
  const logs = () => {
    const text = run.stderr();
    const end = text.lastIndexOf('\n') + 1;
    for (const line of text.slice(consumed, end).split('\n').filter(Boolean)) parsed.push(parseLine(line));
    consumed = end;
    return parsed;
  };
  let exited = false;
  void run.exited.then(() => (exited = true));
  await emulator.until(() => exited || logs().some((l) => l.msg === 'connected to Discord'), 60_000);
  if (exited) throw new Error(`the bot exited before connecting:\n${run.stderr()}`);
  return {
    ...run,
    logs,
    peakRssMb: () => peakRssMb(run.child.pid),
    stop: async () => {
      if (!exited) run.child.kill('SIGTERM');
      return run.exited;
    },
  };
}

function parseLine(line: string): Json {
  try {
    return JSON.parse(line) as Json;
  } catch {
    return { raw: line };
  }
}

function peakRssMb(pid: number | undefined): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
  } catch {
    return undefined;
  }
}

export interface ProcessWorld {
  emulator: DiscordEmulator;
  /** Temporary folder of the bot's SQLite file and index, removed by stop(). */
  dir: string;
  /** The guilds asked for, in order, with their channels' ids. */
  guilds: { guild: Guild; channelIds: string[] }[];
  /** A member of every guild, who asks the questions. */
  member: User;
  /** The bot process once started. */
  bot: BotProcess | undefined;
  /** Starts the bot process with these variables; resolves once it is connected. */
  start(env?: Record<string, string>, options?: BotProcessOptions): Promise<BotProcess>;
  /** The guild's owner runs /kb config with these options (the API's option objects), as a moderator would. */
  configure(guild: Guild, options: Json[]): Promise<void>;
  /** The guild's owner switches answer_in_thread on with /kb config. */
  answerInThreads(guild: Guild): Promise<void>;
  /** Stops the bot if it still runs, then the emulator, and removes the folder. */
  stop(): Promise<void>;
}

/**
 * The set-up every process-level suite shares: an emulator, a temporary folder, guilds (one with #general by
 * default) and a member in each, and the bot's own process started on demand.
 */
export async function openProcessWorld(options: { name: string; guilds?: { name?: string; channels?: string[] }[]; member?: string; emulator?: EmulatorOptions }): Promise<ProcessWorld> {
  const emulator = await DiscordEmulator.start(options.emulator);
  const dir = await mkdtemp(path.join(tmpdir(), `${options.name}-`));
  const member = emulator.createUser(options.member ?? 'alice');
  const guilds = (options.guilds ?? [{}]).map((spec) => {
    const { guild, channels } = emulator.createGuild(spec);
    emulator.addMember(guild.id, member);
    return { guild, channelIds: channels.map((c) => c.id) };
  });
  const world: ProcessWorld = {
    emulator,
    dir,
    guilds,
    member,
    bot: undefined,
    start: async (env = {}, startOptions = {}) => (world.bot = await startBotProcess(emulator, dir, env, startOptions)),
    configure: async (guild, options) => {
      const owner = emulator.users.get(guild.ownerId)!;
      const interaction = emulator.runCommand({ channelId: guild.channelIds[0]!, user: owner, name: 'kb', options: [{ type: 1, name: 'config', options }] });
      await emulator.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`), { timeoutMs: 10_000 });
    },
    answerInThreads: (guild) => world.configure(guild, [{ type: 5, name: 'answer_in_thread', value: true }]),
    stop: async () => {
      if (world.bot?.child.exitCode === null) await world.bot.stop();
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** The bot's one log line per question that ends its handling: an answer delivered, a note written, or a failure. */
const SETTLED_MESSAGES = new Set(['question answered', 'question noted', 'question failed']);

/** How many questions the bot has finished with, by its own log. */
export function settledCount(logs: readonly Json[]): number {
  return logs.filter((line) => SETTLED_MESSAGES.has(String(line.msg))).length;
}
