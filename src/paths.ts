/** Where the project's own files live, resolved from this file so that any working directory will do. */
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
/** The article and its translations, the evaluation sets, the default index and the bot's database. */
export const DATA_DIR = path.join(PROJECT_ROOT, 'data');
