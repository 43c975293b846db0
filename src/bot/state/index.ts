import { type Db, openDatabase } from './database.js';
import { FeedbackStore } from './feedback.js';
import { ForumPostStore } from './forum-posts.js';
import { GuildHours } from './hours.js';
import { QuestionLog } from './questions.js';
import { GuildSettingsStore } from './settings.js';
import { GuildStatsQueries } from './stats.js';

/** Everything the bot keeps across restarts, in one SQLite file shared by its shard processes. */
export class BotState {
  readonly settings: GuildSettingsStore;
  readonly questions: QuestionLog;
  readonly feedback: FeedbackStore;
  readonly stats: GuildStatsQueries;
  readonly forumPosts: ForumPostStore;

  private readonly hours: GuildHours;

  private constructor(private readonly db: Db) {
    this.hours = new GuildHours(db);
    this.settings = new GuildSettingsStore(db);
    this.questions = new QuestionLog(db, this.hours);
    this.feedback = new FeedbackStore(db, this.hours);
    this.stats = new GuildStatsQueries(db);
    this.forumPosts = new ForumPostStore(db);
  }

  /**
   * Forgets up to `batch` questions asked before `before`, and once none is left, their hourly counts and the forum
   * posts taken up before then; returns
   * how many questions went, so the caller can go on in batches between other work.
   */
  forgetBefore(before: number, batch: number): number {
    const deleted = this.questions.pruneBatch(before, batch);
    if (deleted < batch) {
      this.hours.prune(before);
      this.forumPosts.forgetBefore(before);
    }
    return deleted;
  }

  get open(): boolean {
    return this.db.open;
  }

  static open(file: string): BotState {
    return new BotState(openDatabase(file));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export type { ForumUnanswered, GuildSettings } from './settings.js';
export type { ForumPostOutcome } from './forum-posts.js';
export type { LoggedQuestion, QuestionEntry, QuestionSource, StoredCitation, StoredQuestion } from './questions.js';
export type { Vote, VoteOutcome } from './feedback.js';
export type { DownvotedAnswer, GuildStats } from './stats.js';
