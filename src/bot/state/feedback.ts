import type { Db } from './database.js';

export type Vote = 'up' | 'down';
export type VoteOutcome = 'recorded' | 'changed' | 'unchanged';

const VALUE: Record<Vote, 1 | -1> = { up: 1, down: -1 };

/** One vote per user per answer: a second click changes it, it never counts twice. */
export class FeedbackStore {
  private readonly current;
  private readonly insert;
  private readonly change;

  constructor(private readonly db: Db) {
    this.current = db.prepare<[number, string], { vote: number }>('SELECT vote FROM feedback WHERE question_id = ? AND user_id = ?');
    this.insert = db.prepare('INSERT INTO feedback (question_id, user_id, vote, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
    this.change = db.prepare('UPDATE feedback SET vote = ?, updated_at = ? WHERE question_id = ? AND user_id = ?');
  }

  vote(questionId: number, userId: string, vote: Vote, now = Date.now()): VoteOutcome {
    return this.db
      .transaction((): VoteOutcome => {
        const previous = this.current.get(questionId, userId);
        if (!previous) {
          this.insert.run(questionId, userId, VALUE[vote], now, now);
          return 'recorded';
        }
        if (previous.vote === VALUE[vote]) return 'unchanged';
        this.change.run(VALUE[vote], now, questionId, userId);
        return 'changed';
      })
      .immediate();
  }
}
