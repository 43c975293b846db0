/**
 * How fast /ask's suggestions reach a member: the compiled bot (node dist/bot/start.js) against the Discord
 * emulator, timed from the emulator dispatching an autocomplete interaction to it receiving the choices.
 * Discord drops a response after 3 seconds, and a member types a key at a time, so the p95 is what matters.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { loadArticle } from '../corpus/article.js';
import { INTERACTION_ACK_MS } from '../discord-limits.js';
import { percentile } from '../eval/metrics.js';
import { PROJECT_ROOT } from '../paths.js';
import type { FloorCheck } from './choose.js';

const READY_TIMEOUT_MS = 60_000;
/** How long a warm-up request waits for its answer before another is sent. */
const WARM_UP_WAIT_MS = 1000;
/** Floor: a tenth of Discord's window, leaving the rest to the network and a busy machine. */
export const MAX_AUTOCOMPLETE_P95_MS = INTERACTION_ACK_MS / 10;

export interface AutocompleteResult {
  requests: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** The few members of the Discord emulator (test/discord-emulator) this bench uses. */
interface Emulator {
  token: string;
  apiUrl: string;
  createGuild(options: { channels: string[] }): { channels: { id: string }[] };
  createUser(name: string): { id: string };
  autocomplete(options: { channelId: string; user: { id: string }; name: string; option: string; typed: string; locale?: string }): { id: string; token: string; dispatchedAt: number };
  waitForRequest(predicate: (request: { path: string }) => boolean, options?: { timeoutMs?: number }): Promise<{ at: number; status: number }>;
  stop(): Promise<void>;
}

/**
 * What members type, key by key: every prefix of the article's anticipated questions (their first 30
 * characters), in the language of each, so the bench names nothing of the article.
 */
async function typedPrefixes(): Promise<{ typed: string; locale: string }[]> {
  const article = await loadArticle();
  return article.anticipated.flatMap((q) => Array.from({ length: Math.min(q.q.length, 30) + 1 }, (_, n) => ({ typed: q.q.slice(0, n), locale: q.lang === 'fr' ? 'fr' : 'en-US' })));
}

export async function benchAutocomplete(options: { requests: number }): Promise<AutocompleteResult> {
  if (!existsSync(path.join(PROJECT_ROOT, 'dist'))) throw new Error('dist/ is missing: run npm run build first (npm ci runs it)');
  const { DiscordEmulator } = (await tsImport('../../test/discord-emulator/emulator.ts', import.meta.url)) as { DiscordEmulator: { start(): Promise<Emulator> } };
  const emulator = await DiscordEmulator.start();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-autocomplete-'));
  const { channels } = emulator.createGuild({ channels: ['general'] });
  const member = emulator.createUser('typist');
  const env = {
    ...process.env,
    EMBEDDINGS_PROVIDER: 'local',
    ANSWERER: 'extractive',
    LOG_LEVEL: 'warn',
    INDEX_DIR: path.join(dir, 'index'),
    BOT_DATABASE: path.join(dir, 'bot.sqlite'),
    DISCORD_TOKEN: emulator.token,
    DISCORD_API_URL: emulator.apiUrl,
  };
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist/bot/start.js')], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const typeAndTime = async (typed: string, locale: string, timeoutMs?: number) => {
    const interaction = emulator.autocomplete({ channelId: channels[0]!.id, user: member, name: 'ask', option: 'question', typed, locale });
    const callback = await emulator.waitForRequest((r) => r.path === `/interactions/${interaction.id}/${interaction.token}/callback`, { timeoutMs });
    if (callback.status >= 300) throw new Error(`autocomplete answered with HTTP ${callback.status}`);
    return callback.at - interaction.dispatchedAt;
  };
  try {
    // Untimed requests until the bot answers one: a request sent before its session is ready reaches nobody.
    const deadline = performance.now() + READY_TIMEOUT_MS;
    for (;;) {
      const answered = await typeAndTime('', 'en-US', WARM_UP_WAIT_MS).then(() => true, () => false);
      if (answered) break;
      if (performance.now() > deadline) throw new Error(`the bot did not answer autocomplete within ${READY_TIMEOUT_MS} ms: ${stderr.trim().slice(-500)}`);
    }
    const typed = await typedPrefixes();
    const latencies: number[] = [];
    for (let i = 0; i < options.requests; i += 1) {
      const { typed: text, locale } = typed[i % typed.length]!;
      latencies.push(await typeAndTime(text, locale));
    }
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return { requests: options.requests, p50Ms: round(percentile(latencies, 50)), p95Ms: round(percentile(latencies, 95)), maxMs: round(Math.max(...latencies)) };
  } finally {
    child.kill('SIGTERM');
    await exited;
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export function autocompleteFloors(result: AutocompleteResult): FloorCheck[] {
  return [{ scope: 'discord', what: `/ask autocomplete p95 (${result.requests} requests)`, value: result.p95Ms, shown: `${result.p95Ms} ms`, limit: `< ${MAX_AUTOCOMPLETE_P95_MS} ms`, pass: result.p95Ms < MAX_AUTOCOMPLETE_P95_MS }];
}

export function autocompleteSection(result: AutocompleteResult): string {
  return `/ask autocomplete (compiled bot, Discord emulator, ${result.requests} requests in a row, dispatch to choices received): p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms`;
}
