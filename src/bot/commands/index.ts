/** Every command the bot registers, one file each: the slash commands and the message menu, found by name. */
import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type ContextMenuCommandBuilder,
  InteractionContextType,
  type MessageContextMenuCommandInteraction,
  type RESTPostAPIApplicationCommandsJSONBody,
  type SlashCommandOptionsOnlyBuilder,
  type SlashCommandSubcommandsOnlyBuilder,
} from 'discord.js';
import type { BotContext } from '../context.js';
import * as about from './about.js';
import * as askMessage from './ask-message.js';
import * as ask from './ask.js';
import * as kb from './kb.js';

export interface Command {
  data: SlashCommandOptionsOnlyBuilder | SlashCommandSubcommandsOnlyBuilder;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  /** Answers Discord's autocomplete requests for the command's options that ask for it. */
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

/** A command in a message's Apps menu: it acts on that message. */
export interface MessageCommand {
  data: ContextMenuCommandBuilder;
  execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void>;
}

export const commands: ReadonlyMap<string, Command> = new Map<string, Command>([ask, about, kb].map((command) => [command.data.name, command]));

export const messageCommands: ReadonlyMap<string, MessageCommand> = new Map<string, MessageCommand>([askMessage].map((command) => [command.data.name, command]));

/** Whether a slash command is registered for that context: /ask and /about everywhere, /kb in servers only. */
export function registeredIn(name: string, context: InteractionContextType): boolean {
  return commands.get(name)?.data.contexts?.includes(context) ?? false;
}

/**
 * The guild-only command a direct message names when it is written as a command (`/kb stats`): Discord offers no
 * such command in a DM, so a moderator may type it as text.
 */
export function guildOnlyCommandTyped(text: string): string | undefined {
  const name = /^\/(\S+)/.exec(text.trim())?.[1]?.toLowerCase();
  return name !== undefined && commands.has(name) && !registeredIn(name, InteractionContextType.BotDM) ? name : undefined;
}

/** The JSON Discord registers, for deploy-commands. */
export function commandDefinitions(): RESTPostAPIApplicationCommandsJSONBody[] {
  return [...commands.values(), ...messageCommands.values()].map((command) => command.data.toJSON());
}
