import { Events, type Interaction, MessageFlags } from 'discord.js';
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
    // Commands are registered for servers only, so Discord sends none without a guild; a packet that lacks
    // guild_id or member (another server, a malformed one) leaves discord.js's guildId and memberPermissions null,
    // which nothing past this point has to consider.
    if (!interaction.inGuild() || !interaction.member || !interaction.memberPermissions) {
      ctx.logger.warn({ interaction: interaction.id, guild: interaction.guildId, user: interaction.user?.id, kind: interaction.type }, 'interaction without a guild or member; ignored');
      return;
    }
    try {
      if (interaction.isChatInputCommand()) {
        const command = commands.get(interaction.commandName);
        if (!command) {
          ctx.logger.warn({ command: interaction.commandName }, 'unknown command; run npm run deploy-commands to refresh the registered ones');
          return;
        }
        await command.execute(interaction, ctx);
      } else if (interaction.isMessageContextMenuCommand()) {
        const command = messageCommands.get(interaction.commandName);
        if (!command) {
          ctx.logger.warn({ command: interaction.commandName }, 'unknown command; run npm run deploy-commands to refresh the registered ones');
          return;
        }
        await command.execute(interaction, ctx);
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
