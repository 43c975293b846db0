/**
 * Keeps the question log bounded: questions older than QUESTION_LOG_DAYS (and their votes and hourly counts) are
 * deleted at start-up and then once a day, a batch at a time so a large backlog never holds the event loop long.
 */
import type { BotContext } from './context.js';

const DAY_MS = 86_400_000;
/** Questions deleted per step; a step of 5,000 (with their votes) takes tens of milliseconds. */
const PRUNE_BATCH = 5_000;

/** Prunes now and every day after; the daily timer never keeps the process alive. */
export function startRetention(ctx: BotContext): void {
  void pruneQuestionLog(ctx);
  setInterval(() => void pruneQuestionLog(ctx), DAY_MS).unref();
}

/** Deletes what is past the retention, a batch per turn of the event loop; resolves with how many questions went. */
export async function pruneQuestionLog(ctx: BotContext, now = Date.now()): Promise<number> {
  const before = now - ctx.config.questionLogDays * DAY_MS;
  let deleted = 0;
  try {
    for (;;) {
      // The bot may have stopped (and closed the database) between two batches.
      if (!ctx.state.open) return deleted;
      const step = ctx.state.forgetBefore(before, PRUNE_BATCH);
      deleted += step;
      if (step < PRUNE_BATCH) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    ctx.logger.info({ deleted, days: ctx.config.questionLogDays }, 'question log pruned');
  } catch (error) {
    ctx.logger.warn({ err: (error as Error).message, deleted }, 'could not prune the question log');
  }
  return deleted;
}
