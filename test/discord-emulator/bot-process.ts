import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DiscordEmulator } from './emulator.js';
import type { Json } from './model.js';
import { type Spawned, runScript } from './processes.js';

export interface BotProcess extends Spawned {
  /** The bot's log so far: its JSON lines on stderr, parsed; any other line (a crash trace) as `{ raw }`. */
  logs(): Json[];
  /** Peak resident memory of the bot's process so far, in MB (Linux's VmHWM); undefined once it has exited. */
  peakRssMb(): number | undefined;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/**
 * The bot's entry point (src/bot/start.ts) in a process of its own, against the emulator: SQLite and the index in
 * `dir`, the secrets and settings it is given in its environment. Resolves once it is connected. By default node
 * runs it with tsx's loader; `viaTsx` goes through tsx's launcher, as `npm start` does.
 */
export async function startBotProcess(emulator: DiscordEmulator, dir: string, env: Record<string, string> = {}, options: { viaTsx?: boolean } = {}): Promise<BotProcess> {
  const run = runScript(
    'src/bot/start.ts',
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
