import { Events } from 'discord.js';
import type { BotContext } from '../context.js';
import { defineEvent } from './define.js';

/** A gateway connection that closed is resumed or identified again by discord.js; logged so outages show up. */
export default defineEvent({
  name: Events.ShardReconnecting,
  execute(ctx: BotContext, shardId: number) {
    ctx.gateway.reconnects++;
    ctx.logger.warn({ shard: shardId, reconnects: ctx.gateway.reconnects }, 'gateway connection lost; reconnecting');
  },
});
