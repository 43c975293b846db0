import type { Awaitable, ClientEvents } from 'discord.js';
import type { BotContext } from '../context.js';

/** One event handler per file, as in the discord.js guide: its event name, whether it runs once, and what it does. */
export interface EventHandler<K extends keyof ClientEvents = keyof ClientEvents> {
  name: K;
  once?: boolean;
  execute(ctx: BotContext, ...args: ClientEvents[K]): Awaitable<void>;
}

export function defineEvent<K extends keyof ClientEvents>(handler: EventHandler<K>): EventHandler<K> {
  return handler;
}
