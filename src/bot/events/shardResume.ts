import { Events } from 'discord.js';
import type { BotContext } from '../context.js';
import { defineEvent } from './define.js';

/** The end of an outage: the session was resumed and Discord replayed what the bot missed. */
export default defineEvent({
  name: Events.ShardResume,
  execute(ctx: BotContext, shardId: number, replayedEvents: number) {
    ctx.gateway.resumes++;
    ctx.logger.info({ shard: shardId, replayed: replayedEvents, resumes: ctx.gateway.resumes }, 'gateway connection resumed');
  },
});
