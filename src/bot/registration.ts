import { type REST, Routes } from 'discord.js';
import { commandDefinitions } from './commands/index.js';

export interface Registered {
  count: number;
  scope: 'guild' | 'global';
}

/**
 * Replaces the application's commands with this bot's (a bulk PUT: removed commands disappear too). In one
 * guild they are usable at once, which suits development; globally they reach every server the bot is in.
 */
export async function registerCommands(rest: REST, clientId: string, guildId?: string): Promise<Registered> {
  const route = guildId ? Routes.applicationGuildCommands(clientId, guildId) : Routes.applicationCommands(clientId);
  const body = commandDefinitions();
  const result = (await rest.put(route, { body })) as unknown[];
  return { count: result.length, scope: guildId ? 'guild' : 'global' };
}
