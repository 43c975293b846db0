/** Where the project's own files live, resolved from this file so that any working directory will do. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The nearest folder above this module holding package.json: the same from src/, dist/ or a bundle in dist/. */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = projectRoot(import.meta.dirname);
/** Articles, language data, benchmark results and the bot's database. */
export const DATA_DIR = path.join(PROJECT_ROOT, 'data');

/**
 * The article the bot answers about when DATA_DIR names no other folder: the one data/articles/DEFAULT names,
 * so the choice is data, like the article itself.
 */
export const DEFAULT_ARTICLE_DIR = path.join(DATA_DIR, 'articles', readFileSync(path.join(DATA_DIR, 'articles', 'DEFAULT'), 'utf8').trim());
