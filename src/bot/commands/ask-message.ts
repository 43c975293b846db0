/**
 * "Ask the article" (Apps menu of a message): answers a member's message as a question, under a quote of it so
 * everyone sees what was asked, with the same citations, buttons and visibility as /ask.
 */
import { ApplicationCommandType, ApplicationIntegrationType, ContextMenuCommandBuilder, InteractionContextType, type MessageContextMenuCommandInteraction, MessageFlags } from 'discord.js';
import { neutralizeMentions } from '../../text/normalize.js';
import { t } from '../../strings/index.js';
import { english, localizations } from '../command-localizations.js';
import type { BotContext } from '../context.js';
import { answerInteraction } from '../interaction-answer.js';
import { languageOfLocale, questionLanguage } from '../language.js';
import { asksSomething } from '../message-text.js';
import { notice } from '../render.js';
import { truncate } from '../split.js';

/** How much of the message the quote above the answer shows; the whole text is what is asked. */
export const ASKED_QUOTE_MAX = 300;

export const data = new ContextMenuCommandBuilder()
  .setName(english('command.askMessage'))
  .setNameLocalizations(localizations('command.askMessage'))
  .setType(ApplicationCommandType.Message)
  // Servers that installed the bot only: the menu answers where the bot is a member.
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setContexts(InteractionContextType.Guild);

export async function execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void> {
  const target = interaction.targetMessage;
  const memberLanguage = languageOfLocale(interaction.locale, ctx.defaultLanguage);
  const refuse = (text: string) => interaction.reply({ ...notice(text), flags: MessageFlags.Ephemeral });
  if (target.author.bot) {
    await refuse(t('askMessage.fromBot', memberLanguage, { ask: t('command.ask', memberLanguage) }));
    return;
  }
  const text = target.content.trim();
  if (!asksSomething(text)) {
    await refuse(t('askMessage.empty', memberLanguage));
    return;
  }
  const lang = questionLanguage(text, memberLanguage);
  const quoted = truncate(neutralizeMentions(text), ASKED_QUOTE_MAX)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  const heading = `${t('askMessage.heading', lang, { user: `<@${interaction.user.id}>` })}\n${quoted}`;
  await answerInteraction(interaction, ctx, { text, source: 'message_menu', heading, threads: false });
}
