import { Events, type Interaction, InteractionContextType, MessageFlags } from 'discord.js';
import { handleButton } from '../buttons.js';
import { commands, messageCommands } from '../commands/index.js';
import type { BotContext } from '../context.js';
import { t } from '../../strings/index.js';
import { languageOfLocale } from '../language.js';
import { notice } from '../render.js';
import { defineEvent } from './define.js';

export default defineEvent({
  name: Events.InteractionCreate,
  async execute(ctx: BotContext, interaction: Interaction) {
    if (!admissible(interaction)) {
      ctx.logger.warn({ interaction: interaction.id, guild: interaction.guildId, user: interaction.user?.id, kind: interaction.type }, 'interaction without a guild or member; ignored');
      return;
    }
    try {
      if (interaction.isChatInputCommand()) {
        const command = commands.get(interaction.commandName);
        await (command ? command.execute(interaction, ctx) : unknownCommand(ctx, interaction.commandName));
      } else if (interaction.isMessageContextMenuCommand()) {
        const command = messageCommands.get(interaction.commandName);
        await (command ? command.execute(interaction, ctx) : unknownCommand(ctx, interaction.commandName));
      } else if (interaction.isAutocomplete()) {
        await commands.get(interaction.commandName)?.autocomplete?.(interaction, ctx);
      } else if (interaction.isButton()) {
        await handleButton(interaction, ctx);
      }
    } catch (error) {
      ctx.logger.error({ err: (error as Error)?.message, guild: interaction.guildId, kind: interaction.type }, 'interaction failed');
      if (!interaction.isRepliable()) return;
      const failure = { ...notice(t('failed', languageOfLocale(interaction.locale, ctx.defaultLanguage))), flags: MessageFlags.Ephemeral } as const;
      await (interaction.deferred || interaction.replied ? interaction.followUp(failure) : interaction.reply(failure)).catch(() => undefined);
    }
  },
});

/**
 * In a server, an interaction carries its guild and the member with their permissions; a packet that lacks them
 * (another server, a malformed one) would leave discord.js's guildId and memberPermissions null, which nothing
 * past this point has to consider. Outside servers only what a user install registers may come, in the context
 * Discord says: a command whose own registration names that DM context (/ask, /about), never /kb nor a button.
 */
function admissible(interaction: Interaction): boolean {
  if (interaction.inGuild()) return interaction.member !== null && interaction.memberPermissions !== null;
  if (!interaction.isChatInputCommand() && !interaction.isAutocomplete()) return false;
  const context = interaction.context;
  const allowed = commands.get(interaction.commandName)?.data.contexts ?? [];
  return context !== null && context !== InteractionContextType.Guild && allowed.includes(context) && interaction.channelId !== null;
}

async function unknownCommand(ctx: BotContext, name: string): Promise<void> {
  ctx.logger.warn({ command: name }, 'unknown command; run npm run deploy-commands to refresh the registered ones');
}
