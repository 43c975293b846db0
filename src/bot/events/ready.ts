/** Once connected: says so, and starts keeping the question log within its retention. */
import { type Client, Events } from 'discord.js';
import type { BotContext } from '../context.js';
import { startRetention } from '../retention.js';
import { defineEvent } from './define.js';

export default defineEvent({
  name: Events.ClientReady,
  once: true,
  execute(ctx: BotContext, client: Client<true>) {
    ctx.logger.info({ user: client.user.tag, shards: client.ws.shards.map((shard) => shard.id), guilds: client.guilds.cache.size, engine: ctx.engine.info().answerer }, 'connected to Discord');
    startRetention(ctx);
  },
});
