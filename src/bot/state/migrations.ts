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
  // 3: buttons name an answer by an unguessable reference (128 random bits), not its sequential id; the channel may
  // be unknown (discord.js leaves channelId null for a channel it has not seen); a refused over-long question keeps
  // its first 200 characters and its length; an index on age for the retention prune. SQLite changes a column's
  // constraint only by rebuilding the table, and dropping `questions` would cascade into `feedback`, so the votes
  // are set aside and put back.
  `
  CREATE TEMP TABLE feedback_kept AS SELECT * FROM feedback;
  DROP TABLE feedback;
  CREATE TABLE questions_v3 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ref TEXT NOT NULL UNIQUE,
    request_id TEXT NOT NULL,
    guild_id TEXT,
    channel_id TEXT,
    thread_id TEXT,
    user_id TEXT NOT NULL,
    source TEXT NOT NULL,
    question TEXT NOT NULL,
    question_chars INTEGER NOT NULL,
    language TEXT NOT NULL,
    answer TEXT NOT NULL,
    refused INTEGER NOT NULL,
    refusal_reason TEXT,
    citations TEXT NOT NULL DEFAULT '[]',
    engine_ms REAL NOT NULL,
    reply_ms REAL,
    created_at INTEGER NOT NULL
  );
  INSERT INTO questions_v3 (id, ref, request_id, guild_id, channel_id, thread_id, user_id, source, question, question_chars, language, answer, refused, refusal_reason, citations, engine_ms, reply_ms, created_at)
    SELECT id, lower(hex(randomblob(16))), request_id, guild_id, channel_id, thread_id, user_id, source,
      CASE WHEN length(question) > 2000 THEN substr(question, 1, 200) ELSE question END, length(question),
      language, answer, refused, refusal_reason, citations, engine_ms, reply_ms, created_at
    FROM questions;
  DROP TABLE questions;
  ALTER TABLE questions_v3 RENAME TO questions;
  CREATE INDEX questions_by_guild ON questions (guild_id, created_at);
  CREATE INDEX questions_by_thread ON questions (thread_id, id) WHERE thread_id IS NOT NULL;
  CREATE INDEX questions_by_age ON questions (created_at);
  CREATE TABLE feedback (
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (question_id, user_id)
  );
  INSERT INTO feedback SELECT * FROM feedback_kept;
  DROP TABLE feedback_kept;
  CREATE INDEX feedback_by_vote ON feedback (vote, updated_at);
  `,
  // 4: /kb stats reads counts kept per guild and hour and latency histograms kept per hour and per day, not the
  // whole log (12–15 s with 1M rows); filled from the existing log. A latency bucket is round(ln(1 + ms) * 50): 2%
  // wide. Link previews per guild.
  `
  CREATE TABLE guild_hours (
    guild_id TEXT NOT NULL,
    hour INTEGER NOT NULL,
    answered INTEGER NOT NULL DEFAULT 0,
    refused INTEGER NOT NULL DEFAULT 0,
    up INTEGER NOT NULL DEFAULT 0,
    down INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, hour)
  ) WITHOUT ROWID;
  CREATE TABLE latency_hours (
    guild_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('engine_ms', 'reply_ms')),
    hour INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (guild_id, kind, hour, bucket)
  ) WITHOUT ROWID;
  CREATE TABLE latency_days (
    guild_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('engine_ms', 'reply_ms')),
    day INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (guild_id, kind, day, bucket)
  ) WITHOUT ROWID;
  INSERT INTO guild_hours (guild_id, hour, answered, refused)
    SELECT guild_id, created_at / 3600000, SUM(refused = 0), SUM(refused = 1) FROM questions WHERE guild_id IS NOT NULL GROUP BY 1, 2;
  UPDATE guild_hours SET
    up = (SELECT COUNT(*) FROM feedback f JOIN questions q ON q.id = f.question_id WHERE q.guild_id = guild_hours.guild_id AND q.created_at / 3600000 = guild_hours.hour AND f.vote = 1),
    down = (SELECT COUNT(*) FROM feedback f JOIN questions q ON q.id = f.question_id WHERE q.guild_id = guild_hours.guild_id AND q.created_at / 3600000 = guild_hours.hour AND f.vote = -1);
  INSERT INTO latency_hours (guild_id, kind, hour, bucket, n)
    SELECT guild_id, 'engine_ms', created_at / 3600000, CAST(round(ln(1 + engine_ms) * 50) AS INTEGER), COUNT(*) FROM questions WHERE guild_id IS NOT NULL GROUP BY 1, 2, 3, 4;
  INSERT INTO latency_hours (guild_id, kind, hour, bucket, n)
    SELECT guild_id, 'reply_ms', created_at / 3600000, CAST(round(ln(1 + reply_ms) * 50) AS INTEGER), COUNT(*) FROM questions WHERE guild_id IS NOT NULL AND reply_ms IS NOT NULL GROUP BY 1, 2, 3, 4;
  INSERT INTO latency_days (guild_id, kind, day, bucket, n)
    SELECT guild_id, kind, hour / 24, bucket, SUM(n) FROM latency_hours GROUP BY 1, 2, 3, 4;
  ALTER TABLE guild_settings ADD COLUMN link_previews INTEGER NOT NULL DEFAULT 0;
  `,
  // 5: forum channels. A guild may designate one forum whose new posts the bot answers, and say whether a post it
  // cannot answer gets a short note or nothing. Each post the bot takes up is claimed here once, whichever of the
  // post's two gateway events (THREAD_CREATE, the starter MESSAGE_CREATE) comes first, and across restarts and
  // shard processes; its outcome says whether follow-ups in the post are answered.
  `
  ALTER TABLE guild_settings ADD COLUMN forum_channel_id TEXT;
  ALTER TABLE guild_settings ADD COLUMN forum_unanswered TEXT NOT NULL DEFAULT 'note' CHECK (forum_unanswered IN ('note', 'silent'));
  CREATE TABLE forum_posts (
    thread_id TEXT PRIMARY KEY,
    guild_id TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'answered', 'unanswered', 'ignored', 'failed')),
    created_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX forum_posts_by_age ON forum_posts (created_at);
  `,
];
