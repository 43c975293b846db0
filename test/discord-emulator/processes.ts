import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

/** Variables of the test runner's own environment that must not leak into a bot process under test. */
const PROJECT_VARIABLES = /^(DISCORD_|DEV_GUILD_ID|SHARD|BOT_|LOG_|MEMBER_|GUILD_MAX|GUILD_QUEUE|STREAM_EDIT|ANSWERER|EMBEDDINGS_|OPENAI_|LLM_|INDEX_DIR|DATA_DIR|RETRIEVAL_K|DEFAULT_LANGUAGE)/;

export interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/**
 * Runs one of the project's scripts (src/bot/start.ts, ...) through tsx, from `cwd` so that no developer's .env
 * is read, with only the variables given. Standard input is not a terminal. With `direct`, node runs the script
 * with tsx's loader instead of tsx's launcher, so the child is the script's own process: a signal reaches it
 * unrelayed and its memory is its own.
 */
export function runScript(script: string, env: Record<string, string>, cwd: string, options: { direct?: boolean } = {}): Spawned {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !PROJECT_VARIABLES.test(name)));
  const [command, args] = options.direct ? [process.execPath, ['--import', import.meta.resolve('tsx'), path.join(ROOT, script)]] : [TSX, [path.join(ROOT, script)]];
  const child = spawn(command, args, { cwd, env: { ...base, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}
