/** The console chat and the terminal format, as a person sees them: words instead of log lines, wrapped text, each quote once. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerResult } from '../src/answer/types.js';
import { formatForTerminal, wrap } from '../src/cli/format.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'chat-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** `npm run chat` from source with the lines typed on its standard input (not a terminal), in a clean environment. */
function chat(lines: string[], args: string[] = [], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(TSX, [path.join(ROOT, 'src/cli/chat.ts'), ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run chat', () => {
  it('on a first run says in words that it built the index, with no log line anywhere, and prints each quote once', async () => {
    const { code, stdout, stderr } = await chat(['Who founded Alibaba?', '/quit'], [], { INDEX_DIR: path.join(dir, 'first-run') });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Loading the article and its index… built a new index in \d+ ms \(no saved index\)\.\n/);
    expect(stdout).not.toMatch(/^\{/m);
    expect(stderr).toBe('');
    expect(stdout.split('Founded in 1999 by Jack Ma and Peng Lei, the Alibaba group').length - 1).toBe(1);
    expect(stdout).toMatch(/\[1\] §1 · Founded in 1999 by Jack Ma and Peng Lei… \(translation\)\n {4}Original: Créé en 1999/);
    expect(stdout).not.toMatch(/extractive · lexical/);
  });

  it('shows the footer with --verbose and, once the index is saved, says it opened it', async () => {
    const { stdout } = await chat(['Who founded Alibaba?'], ['--verbose'], { INDEX_DIR: path.join(dir, 'first-run') });
    expect(stdout).toMatch(/^Loading the article and its index… done in \d+ ms\.\n/);
    expect(stdout).toMatch(/\n— extractive · lexical-[^\n]+ · \d+ ms\n/);
  });

  it('writes the log to stderr when LOG_LEVEL is set, and to a file with --log', async () => {
    const index = path.join(dir, 'logged');
    const onStderr = await chat([], [], { INDEX_DIR: index, LOG_LEVEL: 'info' });
    expect(JSON.parse(onStderr.stderr.trim().split('\n')[0]!)).toMatchObject({ msg: 'rebuilding the vector index: no saved index' });
    expect(onStderr.stdout).not.toMatch(/^\{/m);
    const file = path.join(dir, 'chat.log');
    const toFile = await chat([], ['--log', file], { INDEX_DIR: path.join(dir, 'logged-to-file') });
    expect(toFile.stderr).toBe('');
    expect(JSON.parse((await readFile(file, 'utf8')).trim().split('\n')[0]!)).toMatchObject({ msg: 'rebuilding the vector index: no saved index' });
  });
});

describe('the chat loop', () => {
  it('says so when an answer fails, and goes on with the next question', async () => {
    const { PassThrough } = await import('node:stream');
    const { runChat } = await import('../src/cli/chat-session.js');
    const { tempEngine } = await import('./support/engine.js');
    const { engine, cleanup } = await tempEngine();
    try {
      let calls = 0;
      // The first question meets a failure (a provider down with no fallback); the second is answered.
      const failingOnce = Object.create(engine, {
        ask: { value: (...args: Parameters<typeof engine.ask>) => (++calls === 1 ? Promise.reject(new Error('provider unreachable')) : engine.ask(...args)) },
      }) as typeof engine;
      const input = new PassThrough();
      const output = Object.assign(new PassThrough(), { isTTY: false });
      let text = '';
      output.on('data', (chunk) => (text += chunk));
      input.end('Who founded Alibaba?\nWho founded Alibaba?\n');
      await runChat(failingOnce, { input, output });
      expect(text).toMatch(/Could not answer that: provider unreachable\. Ask again, or \/quit\./);
      expect(text).toMatch(/Jack Ma/);
      expect(calls).toBe(2);
    } finally {
      await cleanup();
    }
  });
});

describe('the terminal format', () => {
  const quote = 'Créé en 1999 par Jack Ma et Peng Lei, le groupe Alibaba est l’une des plus grosses sociétés de commerce en ligne.';
  const result: AnswerResult = {
    question: 'Qui a fondé Alibaba ?',
    language: 'fr',
    answer: `L’article indique\u202f: «\u202f${quote}\u202f» [1]`,
    refused: false,
    citations: [
      { n: 1, passageId: 'p1-x', label: '§1 · Créé en 1999 par Jack Ma et Peng Lei, le…', quote, lang: 'fr', translated: false, score: 0.5 },
      { n: 2, passageId: 'p2-y', label: '§2 · Depuis sa création, ce cloud chinois a…', quote: 'Une phrase citée seulement ici.', lang: 'fr', translated: false, score: 0.4 },
    ],
    timings: { embedMs: 0.1, searchMs: 0.1, answerMs: 0.2, totalMs: 0.4 },
    answerer: 'extractive',
    embedder: 'lexical-v2',
  };

  it('prints a quote under Sources only when the answer does not already hold it, and the footer only when verbose', () => {
    const text = formatForTerminal(result);
    expect(text.split(quote)).toHaveLength(2);
    expect(text).toContain('[1] §1 · Créé en 1999 par Jack Ma et Peng Lei, le…\n[2] §2 · Depuis sa création, ce cloud chinois a…\n    Une phrase citée seulement ici.');
    expect(text).not.toContain('extractive');
    expect(formatForTerminal(result, { verbose: true })).toMatch(/\n\n— extractive · lexical-v2 · 0 ms$/);
  });

  it('wraps at the width at word boundaries, never at a no-break space, indenting continued sources', () => {
    const text = formatForTerminal(result, { width: 30 });
    const lines = text.split('\n');
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(30);
    // Every word of the answer is still there, in order.
    expect(lines.slice(0, lines.indexOf('')).join(' ')).toBe(result.answer);
    expect(text).not.toMatch(/\n\u202f|\u202f\n/);
    expect(text).toContain('[1] §1 · Créé en 1999 par Jack\n    Ma et Peng Lei, le…');
  });

  it.each([
    ['one two three four', 9, 'one two\nthree\nfour'],
    ['averyveryverylongword fits nowhere', 8, 'averyveryverylongword\nfits\nnowhere'],
    ['first line\nsecond line', 100, 'first line\nsecond line'],
    ['a b c', undefined, 'a b c'],
  ])('wrap(%j, %s)', (text, width, expected) => {
    expect(wrap(text, width)).toBe(expected);
  });
});
