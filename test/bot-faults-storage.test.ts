import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../src/answer/engine.js';
import { BotState } from '../src/bot/state/index.js';
import { loadEngineConfig } from '../src/config/env.js';
import { type BotUnderTest, startBotUnderTest } from './discord-emulator/harness.js';
import type { Json } from './discord-emulator/model.js';
import type { RecordedRequest } from './discord-emulator/index.js';
import { captureLogs } from './support/engine.js';
import { ScriptedOpenAI } from './support/scripted-openai.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bot-storage-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

const parsed = (t: BotUnderTest): Json[] => t.logs.map((line) => JSON.parse(line));

async function askByMention(t: BotUnderTest, text: string) {
  const asked = t.emulator.postMessage({ channelId: t.channels[0]!.id, author: t.member, content: `<@${t.emulator.botUser.id}> ${text}` });
  return t.emulator.until(() => t.emulator.repliesTo(asked.id)[0], 15_000);
}

/** The /ask answer as sent: the reply itself (an answer ready at once), or the edit of a deferred reply. */
async function askBySlash(t: BotUnderTest, text: string): Promise<Json> {
  const interaction = t.emulator.runCommand({ channelId: t.channels[0]!.id, user: t.member, name: 'ask', options: [{ type: 3, name: 'question', value: text }] });
  const isAnswer = (r: RecordedRequest) => (r.path.endsWith(`/${interaction.token}/callback`) && r.body?.type === 4) || (r.method === 'PATCH' && r.path.includes(`/${interaction.token}/messages/@original`));
  const request = await t.emulator.waitForRequest(isAnswer, { timeoutMs: 15_000 });
  return request.body!.type === 4 ? request.body!.data : request.body!;
}

/** The index on disk is damaged or foreign when the bot starts: it is rebuilt, saved again, and the bot answers. */
describe('the bot when its saved index is unusable', () => {
  let t: BotUnderTest | undefined;
  afterEach(() => t?.stop());

  async function startOn(indexDir: string): Promise<BotUnderTest> {
    t = await startBotUnderTest({ env: { INDEX_DIR: indexDir } });
    return t;
  }

  it('rebuilds a truncated index file and answers', async () => {
    const indexDir = path.join(await tempDir(), 'index');
    await Engine.create(loadEngineConfig({ INDEX_DIR: indexDir }), captureLogs().logger);
    const file = path.join(indexDir, 'hnsw.bin');
    const size = (await stat(file)).size;
    await truncate(file, Math.floor(size / 3));

    const bot = await startOn(indexDir);
    expect(parsed(bot).find((l) => l.msg.startsWith('rebuilding the vector index'))?.reason).toMatch(/checksum|size|truncat|corrupt/i);
    expect((await stat(file)).size).toBe(size);
    expect((await askByMention(bot, 'Who founded Alibaba?')).content).toMatch(/Jack Ma/);
  });

  it('rebuilds an index another embedder built and answers', async () => {
    const embedder = new ScriptedOpenAI();
    const indexDir = path.join(await tempDir(), 'index');
    try {
      const baseURL = await embedder.start();
      await Engine.create(loadEngineConfig({ INDEX_DIR: indexDir, EMBEDDINGS_PROVIDER: 'openai', OPENAI_BASE_URL: baseURL }), captureLogs().logger);
    } finally {
      await embedder.stop();
    }
    expect(JSON.parse(await readFile(path.join(indexDir, 'meta.json'), 'utf8')).dimensions).not.toBe(1024);

    const bot = await startOn(indexDir);
    expect(parsed(bot).find((l) => l.msg.startsWith('rebuilding the vector index'))?.reason).toMatch(/another embedder/);
    expect(JSON.parse(await readFile(path.join(indexDir, 'meta.json'), 'utf8')).dimensions).toBe(1024);
    expect((await askBySlash(bot, 'Quand Alibaba a-t-il été créé ?')).content).toMatch(/1999/);
  });
});

/**
 * The question log cannot be written: the answer is still sent (without the buttons, which would point at no
 * row), and the failure is logged with the question's request id.
 */
describe('the bot when its database cannot be written', () => {
  it('answers while another process holds the write lock, and logs that it could not record', async () => {
    const t = await startBotUnderTest();
    const other = new Database(t.config.databasePath);
    try {
      other.prepare('BEGIN IMMEDIATE').run();
      const reply = await askByMention(t, 'Who founded Alibaba?');
      expect(reply.content).toMatch(/Jack Ma/);
      expect(reply.embeds[0]!.title).toBe('Sources');
      expect(reply.components).toEqual([]);
      const failure = parsed(t).find((l) => l.msg.startsWith('could not record the question'));
      expect(failure).toMatchObject({ level: 50, code: 'SQLITE_BUSY', requestId: expect.stringMatching(/^[0-9a-f]{8}$/) });
      // The question's one log line follows once Discord has confirmed the reply.
      expect(await t.emulator.until(() => parsed(t).find((l) => l.msg === 'question answered'))).toMatchObject({ requestId: failure!.requestId });
    } finally {
      other.prepare('ROLLBACK').run();
      other.close();
      await t.stop();
    }
  });

  it('starts and answers on a read-only database file, logging each question it could not record', async (context) => {
    const file = path.join(await tempDir(), 'bot.sqlite');
    BotState.open(file).close();
    const undo = await makeReadOnly(file);
    if (!undo) return context.skip('running as root on a file system without chattr +i: the file cannot be made read-only');
    try {
      const t = await startBotUnderTest({ env: { BOT_DATABASE: file } });
      try {
        expect((await askByMention(t, 'Who founded Alibaba?')).content).toMatch(/Jack Ma/);
        expect((await askBySlash(t, 'Quand Alibaba Cloud a-t-il été lancé ?')).content).toMatch(/2009/);
        const failures = parsed(t).filter((l) => l.msg.startsWith('could not record the question'));
        expect(failures.map((l) => l.code)).toEqual(['SQLITE_READONLY', 'SQLITE_READONLY']);
        await t.emulator.until(() => parsed(t).filter((l) => l.msg === 'question answered').length === 2);
      } finally {
        await t.stop();
      }
    } finally {
      await undo();
    }
  });
});

/**
 * Read-only for this process: chmod is enough for an ordinary user; root ignores it, so the file is also made
 * immutable. Returns how to undo it, or undefined when that is impossible here.
 */
async function makeReadOnly(file: string): Promise<(() => Promise<void>) | undefined> {
  await chmod(file, 0o444);
  const root = process.getuid?.() === 0;
  if (root) {
    try {
      execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
    } catch {
      return undefined;
    }
  }
  return async () => {
    if (root) execFileSync('chattr', ['-i', file], { stdio: 'ignore' });
    await chmod(file, 0o644);
  };
}
