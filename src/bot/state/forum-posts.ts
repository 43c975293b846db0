/**
 * The forum posts the bot took up, one row each: a post reaches the bot twice (THREAD_CREATE and its starter
 * MESSAGE_CREATE), and again when a resumed session replays them or another process serves the guild, and it
 * must be answered once. Whoever claims the post first answers it; the outcome says whether the post's
 * follow-ups are answered too (only where the bot answered the post itself).
 */
import type { Db } from './database.js';

export type ForumPostOutcome = 'pending' | 'answered' | 'unanswered' | 'ignored' | 'failed';

export class ForumPostStore {
  private readonly insert;
  private readonly setOutcome;
  private readonly select;
  private readonly prune;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT OR IGNORE INTO forum_posts (thread_id, guild_id, outcome, created_at) VALUES (?, ?, ?, ?)');
    this.setOutcome = db.prepare('UPDATE forum_posts SET outcome = ? WHERE thread_id = ?');
    this.select = db.prepare<[string], { outcome: ForumPostOutcome }>('SELECT outcome FROM forum_posts WHERE thread_id = ?');
    this.prune = db.prepare('DELETE FROM forum_posts WHERE created_at < ?');
  }

  /** True for the one caller that takes the post up first; false for every later one, after a restart too. */
  claim(threadId: string, guildId: string, now = Date.now()): boolean {
    return this.insert.run(threadId, guildId, 'pending', now).changes === 1;
  }

  settle(threadId: string, outcome: Exclude<ForumPostOutcome, 'pending'>): void {
    this.setOutcome.run(outcome, threadId);
  }

  outcome(threadId: string): ForumPostOutcome | undefined {
    return this.select.get(threadId)?.outcome;
  }

  /** Forgets the posts taken up before `before`, with the question log's retention. */
  forgetBefore(before: number): void {
    this.prune.run(before);
  }
}
