import { type Db, openDatabase } from './database.js';
import { FeedbackStore } from './feedback.js';
import { QuestionLog } from './questions.js';
import { GuildSettingsStore } from './settings.js';
import { GuildStatsQueries } from './stats.js';

/** Everything the bot keeps across restarts, in one SQLite file shared by its shard processes. */
export class BotState {
  readonly settings: GuildSettingsStore;
  readonly questions: QuestionLog;
  readonly feedback: FeedbackStore;
  readonly stats: GuildStatsQueries;

  private constructor(private readonly db: Db) {
    this.settings = new GuildSettingsStore(db);
    this.questions = new QuestionLog(db);
    this.feedback = new FeedbackStore(db);
    this.stats = new GuildStatsQueries(db);
  }

  static open(file: string): BotState {
    return new BotState(openDatabase(file));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export type { GuildSettings } from './settings.js';
export type { QuestionEntry, QuestionSource, StoredCitation, StoredQuestion } from './questions.js';
export type { Vote, VoteOutcome } from './feedback.js';
export type { DownvotedAnswer, GuildStats } from './stats.js';
