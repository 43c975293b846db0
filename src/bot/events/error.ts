import { Events } from 'discord.js';
import type { BotContext } from '../context.js';
import { defineEvent } from './define.js';

/** Without a listener, an 'error' event would crash the process. */
export default defineEvent({
  name: Events.Error,
  execute(ctx: BotContext, error: Error) {
    ctx.logger.error({ err: error.message }, 'discord client error');
  },
});
