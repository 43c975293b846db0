import { Events } from 'discord.js';
import type { BotContext } from '../context.js';
import { defineEvent } from './define.js';

/**
 * discord.js gives up on a shard only for a close code no retry can mend (4004 token rejected, 4010–4014 shard or
 * intents refused): the bot no longer hears that shard, and the code says what to fix.
 */
export default defineEvent({
  name: Events.ShardDisconnect,
  execute(ctx: BotContext, event: { code: number }, shardId: number) {
    ctx.logger.error({ shard: shardId, code: event.code }, 'gateway connection closed for good; discord.js will not reconnect');
  },
});
