import { Events, type Interaction, InteractionContextType, MessageFlags } from 'discord.js';
import { handleButton } from '../buttons.js';
import { commands, messageCommands, registeredIn } from '../commands/index.js';
import type { BotContext } from '../context.js';
import { t } from '../../strings/index.js';
import { languageOfLocale } from '../language.js';
import { notice } from '../render.js';
import { defineEvent } from './define.js';

export default defineEvent({
  name: Events.InteractionCreate,
  async execute(ctx: BotContext, interaction: Interaction) {
    const admitted = admissible(interaction);
    if (!admitted) {
      ctx.logger.warn({ interaction: interaction.id, guild: interaction.guildId, user: interaction.user?.id, kind: interaction.type }, 'interaction without a guild or member; ignored');
      return;
    }
    try {
      if (admitted === 'guild-only' && interaction.isChatInputCommand()) {
        // A moderators' command run in a DM (an old registration, a client that offers it anyway): told, not run.
        ctx.logger.info({ interaction: interaction.id, command: interaction.commandName, context: interaction.context }, 'guild-only command refused outside servers');
        const lang = languageOfLocale(interaction.locale, ctx.defaultLanguage);
        await interaction.reply({ ...notice(t('guildOnly', lang, { command: interaction.commandName })), flags: MessageFlags.Ephemeral });
        return;
      }
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
 * past this point has to consider. Outside servers, in the DM context Discord says and with its channel: a
 * command whose own registration names that context (/ask, /about), a button under an answer given there (checked
 * against that answer's channel), and a moderators' command (/kb), which gets a note saying it is for servers.
 */
function admissible(interaction: Interaction): 'yes' | 'guild-only' | false {
  if (interaction.inGuild()) return interaction.member !== null && interaction.memberPermissions !== null && 'yes';
  const context = interaction.context;
  if (context === null || context === InteractionContextType.Guild || interaction.channelId === null) return false;
  if (interaction.isButton()) return 'yes';
  if (!interaction.isChatInputCommand() && !interaction.isAutocomplete()) return false;
  if (registeredIn(interaction.commandName, context)) return 'yes';
  return interaction.isChatInputCommand() && commands.has(interaction.commandName) && 'guild-only';
}

async function unknownCommand(ctx: BotContext, name: string): Promise<void> {
  ctx.logger.warn({ command: name }, 'unknown command; run npm run deploy-commands to refresh the registered ones');
}
