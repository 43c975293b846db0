/**
 * The npm scripts run the compiled JavaScript in dist/ (built by `npm ci` through prepare), while every other
 * suite runs the sources. This one runs the build itself, so a build that compiles but does not run (a path
 * taken from import.meta.dirname, a .ts extension, a dev-only import) fails CI.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerResult } from '../src/answer/types.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'dist');
let dir: string;

beforeAll(async () => {
  if (!existsSync(DIST)) throw new Error('dist/ is missing: run npm run build (npm ci runs it through prepare)');
  dir = await mkdtemp(path.join(tmpdir(), 'built-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function sourceFiles(folder: string, extension: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    // Declaration files (.d.ts) only describe packages' types: they compile to nothing.
    .filter((e) => e.isFile() && e.name.endsWith(extension) && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(folder, path.join(e.parentPath, e.name)).slice(0, -extension.length))
    .sort();
}

describe('the compiled build', () => {
  it('has one .js file in dist/ for every .ts file in src/', async () => {
    expect(await sourceFiles(DIST, '.js')).toEqual(await sourceFiles(path.join(ROOT, 'src'), '.ts'));
  });

  it('bundles the scripts that answer into one file each, so that a start reads one file, not hundreds of modules', async () => {
    // The two whose start-up the bench holds to a floor (src/build/bundle.ts lists them all).
    for (const file of ['cli/ask.js', 'bot/start.js']) {
      const text = await readFile(path.join(DIST, file), 'utf8');
      // tsc's output imports its siblings ("../answer/engine.js"); a bundle carries them.
      expect(text, file).not.toMatch(/from ['"]\.{1,2}\//);
      expect(text, file).toMatch(/Engine = class/);
    }
  });

  it('answers with plain node: node dist/cli/ask.js --json prints the result object', async () => {
    // From another folder and with a clean environment: data/ and prompts/ must be found from dist/ itself.
    const { stdout } = await run(process.execPath, [path.join(DIST, 'cli/ask.js'), '--json', 'Who founded Alibaba?'], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, INDEX_DIR: path.join(dir, 'index') },
    });
    const result = JSON.parse(stdout) as AnswerResult;
    expect(result).toMatchObject({ language: 'en', refused: false, answerer: 'extractive' });
    expect(result.citations[0]!.quote).toMatch(/Jack Ma/);
  });

  it('finds prompts/ from dist: the LLM answerer starts and, with no model reachable, answers with the quote-only fallback', async () => {
    const { stdout } = await run(process.execPath, [path.join(DIST, 'cli/ask.js'), '--json', 'Who founded Alibaba?'], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        INDEX_DIR: path.join(dir, 'index'),
        LOG_LEVEL: 'silent',
        ANSWERER: 'llm',
        OPENAI_API_KEY: 'sk-test-not-a-real-key-000',
        // Nothing listens on the discard port: the model call fails at once.
        OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      },
    });
    const result = JSON.parse(stdout) as AnswerResult;
    expect(result).toMatchObject({ refused: false, notice: expect.any(String) });
    expect(result.citations[0]!.quote).toMatch(/Jack Ma/);
  });
});
