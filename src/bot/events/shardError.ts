import { Events } from 'discord.js';
import type { BotContext } from '../context.js';
import { defineEvent } from './define.js';

/** A lost gateway connection is reconnected by discord.js; it is logged so outages show up. */
export default defineEvent({
  name: Events.ShardError,
  execute(ctx: BotContext, error: Error, shardId: number) {
    ctx.gateway.errors++;
    ctx.logger.warn({ shard: shardId, err: error?.message, errors: ctx.gateway.errors }, 'gateway connection error');
  },
});
