/** /ask: a question about the article, suggested as the member types and answered in reply to the command (ephemeral unless the guild makes replies public). */
import { type ApplicationCommandOptionChoiceData, ApplicationIntegrationType, type AutocompleteInteraction, type ChatInputCommandInteraction, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { AUTOCOMPLETE_CHOICES_MAX, CHOICE_NAME_MAX, CHOICE_VALUE_MAX } from '../../discord-limits.js';
import { MAX_QUESTION_CHARS } from '../../text/normalize.js';
import { english, localizations } from '../command-localizations.js';
import type { BotContext } from '../context.js';
import { answerInteraction } from '../interaction-answer.js';
import { languageOfLocale } from '../language.js';

/** The option's registered name: Discord sends it under this name whatever the member's language. */
const QUESTION_OPTION = english('command.ask.question');

export const data = new SlashCommandBuilder()
  .setName(english('command.ask'))
  .setNameLocalizations(localizations('command.ask'))
  .setDescription(english('command.ask.description'))
  .setDescriptionLocalizations(localizations('command.ask.description'))
  // Installed in a server or by a member for themselves (then usable in DMs and group DMs too, answered by the interaction).
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel)
  .addStringOption((option) =>
    option
      .setName(QUESTION_OPTION)
      .setNameLocalizations(localizations('command.ask.question'))
      .setDescription(english('command.ask.question.description'))
      .setDescriptionLocalizations(localizations('command.ask.question.description'))
      .setRequired(true)
      .setMaxLength(MAX_QUESTION_CHARS)
      // Discord shows the article's questions as the member types (autocomplete below); free text still works.
      .setAutocomplete(true),
  );

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  await answerInteraction(interaction, ctx, { text: interaction.options.getString(QUESTION_OPTION, true), source: 'slash', threads: true });
}

/**
 * Suggestions as the member types: the article's anticipated questions closest to the text so far, in the
 * language of the member's Discord (French for `fr`, English otherwise). A choice's value is the question
 * itself, so picking one asks it. Never throws: Discord shows no suggestions when anything goes wrong.
 */
export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  let choices: ApplicationCommandOptionChoiceData<string>[] = [];
  try {
    const typed = String(interaction.options.getFocused() ?? '');
    const language = languageOfLocale(interaction.locale, 'en');
    choices = ctx.engine
      .suggest(typed, language, AUTOCOMPLETE_CHOICES_MAX)
      // A longer question could only be shown cut, and a cut question is another question: left out.
      .filter((question) => question.length <= Math.min(CHOICE_NAME_MAX, CHOICE_VALUE_MAX))
      .slice(0, AUTOCOMPLETE_CHOICES_MAX)
      .map((question) => ({ name: question, value: question }));
  } catch (error) {
    ctx.logger.warn({ err: (error as Error)?.message }, 'could not suggest questions; offering none');
  }
  await interaction.respond(choices);
}
