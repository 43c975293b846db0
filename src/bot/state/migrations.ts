/**
 * The schema, one step per version. A step is never edited once released: a change is a new step, so a
 * database from any earlier version is brought up to date at start-up (PRAGMA user_version records where it is).
 */
export const MIGRATIONS: readonly string[] = [
  // 1: guild settings, the question log and feedback votes.
  `
  CREATE TABLE guild_settings (
    guild_id TEXT PRIMARY KEY,
    allowed_channels TEXT NOT NULL DEFAULT '[]',
    answer_in_thread INTEGER NOT NULL DEFAULT 0,
    cooldown_seconds INTEGER,
    public_replies INTEGER NOT NULL DEFAULT 1,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL,
    guild_id TEXT,
    channel_id TEXT NOT NULL,
    thread_id TEXT,
    user_id TEXT NOT NULL,
    source TEXT NOT NULL,
    question TEXT NOT NULL,
    language TEXT NOT NULL,
    answer TEXT NOT NULL,
    refused INTEGER NOT NULL,
    refusal_reason TEXT,
    citations TEXT NOT NULL DEFAULT '[]',
    engine_ms REAL NOT NULL,
    reply_ms REAL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX questions_by_guild ON questions (guild_id, created_at);
  CREATE INDEX questions_by_thread ON questions (thread_id, id) WHERE thread_id IS NOT NULL;
  CREATE TABLE feedback (
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (question_id, user_id)
  );
  CREATE INDEX feedback_by_vote ON feedback (vote, updated_at);
  `,
  // 2: the per-member cooldown became a token bucket; a guild's override is now its burst (a cooldown has no equivalent).
  `
  ALTER TABLE guild_settings DROP COLUMN cooldown_seconds;
  ALTER TABLE guild_settings ADD COLUMN member_burst INTEGER;
  `,
];
