/** Where the project's own files live, resolved from this file so that any working directory will do. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
/** Articles, language data, benchmark results and the bot's database. */
export const DATA_DIR = path.join(PROJECT_ROOT, 'data');

/**
 * The article the bot answers about when DATA_DIR names no other folder: the one data/articles/DEFAULT names,
 * so the choice is data, like the article itself.
 */
export const DEFAULT_ARTICLE_DIR = path.join(DATA_DIR, 'articles', readFileSync(path.join(DATA_DIR, 'articles', 'DEFAULT'), 'utf8').trim());
