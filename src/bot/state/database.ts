import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

/** How long a writer waits for another shard process's write to finish before giving up. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens the bot's database, shared by every shard process: WAL lets readers and one writer work at once, and
 * busy_timeout makes a second writer wait instead of failing.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  return db;
}

/**
 * Applies the missing steps in one immediate transaction, so two shards starting together migrate once. An
 * up-to-date database is not written to, so a read-only file still opens and the bot answers without a log.
 */
export function migrate(db: Db, steps: readonly string[] = MIGRATIONS): number {
  if (db.pragma('user_version', { simple: true }) === steps.length) return 0;
  const apply = db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > steps.length) throw new Error(`the database is at schema version ${current}, newer than this bot (${steps.length}); update the bot`);
    for (let version = current; version < steps.length; version++) db.exec(steps[version]!);
    db.pragma(`user_version = ${steps.length}`);
    return steps.length - current;
  });
  return apply.immediate();
}
