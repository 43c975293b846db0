import type { Db } from './database.js';
import type { GuildHours } from './hours.js';

export type Vote = 'up' | 'down';
export type VoteOutcome = 'recorded' | 'changed' | 'unchanged';

const VALUE: Record<Vote, 1 | -1> = { up: 1, down: -1 };

/** One vote per user per answer: a second click changes it, it never counts twice. */
export class FeedbackStore {
  private readonly current;
  private readonly insert;
  private readonly change;
  private readonly question;

  constructor(
    private readonly db: Db,
    private readonly hours: GuildHours,
  ) {
    this.question = db.prepare<[number], { guild_id: string | null; created_at: number }>('SELECT guild_id, created_at FROM questions WHERE id = ?');
    this.current = db.prepare<[number, string], { vote: number }>('SELECT vote FROM feedback WHERE question_id = ? AND user_id = ?');
    this.insert = db.prepare('INSERT INTO feedback (question_id, user_id, vote, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
    this.change = db.prepare('UPDATE feedback SET vote = ?, updated_at = ? WHERE question_id = ? AND user_id = ?');
  }

  vote(questionId: number, userId: string, vote: Vote, now = Date.now()): VoteOutcome {
    return this.db
      .transaction((): VoteOutcome => {
        const previous = this.current.get(questionId, userId);
        if (previous?.vote === VALUE[vote]) return 'unchanged';
        if (previous) this.change.run(VALUE[vote], now, questionId, userId);
        else this.insert.run(questionId, userId, VALUE[vote], now, now);
        const asked = this.question.get(questionId);
        // The hour's counts gain the new vote and lose the one it replaces.
        const sign = (v: Vote) => (VALUE[vote] === VALUE[v] ? 1 : 0) - (previous?.vote === VALUE[v] ? 1 : 0);
        if (asked) this.hours.vote(asked.guild_id, asked.created_at, sign('up'), sign('down'));
        return previous ? 'changed' : 'recorded';
      })
      .immediate();
  }
}
