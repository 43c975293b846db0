/**
 * discord.js says why a gateway connection ended (the close code) only in its debug lines: its shardReconnecting
 * event carries the shard alone. The one line of @discordjs/ws that every close goes through is read here, so a
 * gateway that refuses connections shows up as a series of logged closes with their codes.
 */
import { Events } from 'discord.js';
import type { BotContext } from '../context.js';
import { defineEvent } from './define.js';

/** "[WS => Shard 0] Destroying shard\n\tReason: none\n\tCode: 4000\n\tRecover: Resume" (@discordjs/ws 1.2). */
const SHARD_CLOSED = /^\[WS => Shard (\d+)\] Destroying shard\n\tReason: ([^\n]*)\n\tCode: (\d+)\n\tRecover: (\w+)/;

export default defineEvent({
  name: Events.Debug,
  execute(ctx: BotContext, message: string) {
    const closed = SHARD_CLOSED.exec(message);
    if (!closed) return;
    const [, shard, reason, code, recover] = closed;
    // The bot's own close on shutdown (1000, nothing to recover) is expected; anything else is an outage.
    const ownClose = code === '1000' && recover === 'none';
    ctx.gateway.closes++;
    const fields = { shard: Number(shard), code: Number(code), reason, recover, closes: ctx.gateway.closes };
    if (ownClose) ctx.logger.info(fields, 'gateway connection closed');
    else ctx.logger.warn(fields, 'gateway connection closed');
  },
});
