import { Events } from 'discord.js';
import type { BotContext } from '../context.js';
import { defineEvent } from './define.js';

/** discord.js's own warnings (a packet it could not place, a shard it could not ping): silent unless listened to. */
export default defineEvent({
  name: Events.Warn,
  execute(ctx: BotContext, message: string) {
    ctx.gateway.warnings++;
    ctx.logger.warn({ warning: message, warnings: ctx.gateway.warnings }, 'discord.js warning');
  },
});
