import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerResult } from '../src/answer/types.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ask-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs `npm run ask` the way npm does (tsx on src/cli/ask.ts), with a clean environment and its own index. */
async function ask(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(TSX, ['src/cli/ask.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, INDEX_DIR: path.join(dir, 'index'), LOG_LEVEL: 'warn', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run ask', () => {
  it('prints one JSON line with the result object under --json', async () => {
    const { code, stdout } = await ask(['--json', 'Who founded Alibaba?']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]!) as AnswerResult;
    expect(Object.keys(result).sort()).toEqual(['answer', 'answerer', 'citations', 'embedder', 'language', 'question', 'refused', 'timings'].sort());
    expect(Object.keys(result.citations[0]!).sort()).toEqual(['label', 'lang', 'n', 'original', 'passageId', 'quote', 'score', 'translated'].sort());
    expect(Object.keys(result.timings).sort()).toEqual(['answerMs', 'embedMs', 'searchMs', 'totalMs']);
  });

  it('prints the answer and its numbered sources for a person', async () => {
    const { code, stdout } = await ask(['Qui', 'a', 'fondé', 'Alibaba', '?']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\*\*Jack Ma, Peng Lei\*\* — L’article indique : «\u202fCréé en 1999/);
    expect(stdout).toMatch(/\nSources:\n\[1\] §1 · /);
    // The quote is in the answer, so Sources does not print it again; the footer waits for --verbose.
    expect(stdout.split('le groupe Alibaba est l’une des plus grosses')).toHaveLength(2);
    expect(stdout).not.toMatch(/extractive ·/);
    const verbose = await ask(['--verbose', 'Qui a fondé Alibaba ?']);
    expect(verbose.stdout).toMatch(/\n— extractive · lexical-\S+ · \d+ ms\n$/);
  });

  it('answers a batch in order, carrying ids and line numbers, skipping blank lines, reporting bad lines without stopping', async () => {
    const file = path.join(dir, 'batch.jsonl');
    await writeFile(file, ['{"id":"a","q":"Who founded Alibaba?"}', 'Qu’est-ce que Cloud Foundry ?', '{broken', '', '{"id":7,"q":"What is the capital of Australia?"}'].join('\n'));
    const { code, stdout } = await ask(['--json', '--batch', file]);
    expect(code).toBe(0);
    const rows = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ line: 1, id: 'a', refused: false, language: 'en' });
    expect(rows[1]).toMatchObject({ line: 2, refused: false, language: 'fr' });
    expect(rows[1].id).toBeUndefined();
    expect(rows[2]).toEqual({ line: 3, error: 'not valid JSON' });
    expect(rows[3]).toMatchObject({ line: 5, id: 7, refused: true, refusalReason: 'off_topic' });
  });

  it('exits 2 with a clear message on an empty question', async () => {
    const { code, stderr, stdout } = await ask(['  \u0007 ']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/the question is empty/);
    expect(stdout).toBe('');
  });

  it('refuses a question over 2,000 characters with a clear message and exit 2', async () => {
    const { code, stdout, stderr } = await ask(['--json', `Who founded Alibaba? ${'x'.repeat(2000)}`]);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({ refused: true, refusalReason: 'too_long' });
    expect(stderr).toMatch(/limit is 2000/);
  });

  it('stops at start-up naming the variable for an unknown provider or a missing key', async () => {
    const unknown = await ask(['x'], { EMBEDDINGS_PROVIDER: 'magic' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/EMBEDDINGS_PROVIDER: unknown value "magic"/);
    const keyless = await ask(['x'], { ANSWERER: 'llm' });
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toMatch(/OPENAI_API_KEY/);
  });

  it('exits 2 for an unreadable batch file', async () => {
    const { code, stderr } = await ask(['--json', '--batch', path.join(dir, 'missing.jsonl')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot read .*missing\.jsonl/);
  });
});
