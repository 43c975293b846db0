/** /ask: a question about the article, answered in reply to the command (ephemeral unless the guild makes replies public). */
import { type ApplicationCommandOptionChoiceData, ApplicationIntegrationType, type AutocompleteInteraction, type ChatInputCommandInteraction, InteractionContextType, type Message, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { AUTOCOMPLETE_CHOICES_MAX, CHOICE_NAME_MAX, CHOICE_VALUE_MAX, INTERACTION_ACK_MS } from '../../discord-limits.js';
import { MAX_QUESTION_CHARS } from '../../text/normalize.js';
import { admitAndAnswer } from '../admission.js';
import type { Question } from '../answers.js';
import { english, localizations } from '../command-localizations.js';
import type { BotContext } from '../context.js';
import { answerAndDeliver } from '../deliver.js';
import { languageOfLocale } from '../language.js';
import type { OutgoingMessage } from '../render.js';
import type { GuildSettings } from '../state/index.js';
import { openThreadFor } from '../threads.js';

/**
 * An answer ready within this time is the reply itself (one request); a slower one (a language model, a slow
 * embeddings provider) is deferred first and edited in (two). Well inside Discord's 3-second window, so the
 * deferral still arrives in time on a slow network.
 */
export const DIRECT_REPLY_WINDOW_MS = Math.round(INTERACTION_ACK_MS / 3);

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
  const receivedAt = performance.now();
  // A user-installed /ask outside any server (a DM, a group DM) has no guild: the member is a line of their own for
  // the burst and the answers in flight, under the default settings, and the question is logged without a guild.
  const guildId = interaction.guildId ?? `user:${interaction.user.id}`;
  const channel = interaction.channel;
  const visibility = (settings: GuildSettings) => (settings.publicReplies ? undefined : MessageFlags.Ephemeral);
  const acknowledged = () => interaction.deferred || interaction.replied;
  await admitAndAnswer(ctx, {
    source: 'slash',
    text: interaction.options.getString(QUESTION_OPTION, true),
    guildId,
    channel,
    channelId: interaction.channelId,
    userId: interaction.user.id,
    receivedAt,
    ...(channel?.isThread() ? { threadId: channel.id } : {}),
    noteOutsideAllowList: true,
    note: (message) => interaction.reply({ ...message, flags: MessageFlags.Ephemeral }),
    // Discord drops an interaction not acknowledged within 3 seconds: a question that must wait is deferred now.
    queued: (settings) => interaction.deferReply({ flags: visibility(settings) }),
    answer: async (question, settings) => {
      // A question too short to tell its language ("Cloud Foundry ?") is answered in the member's Discord language.
      const hinted = { ...question, guildId: interaction.guildId, languageHint: languageOfLocale(interaction.locale, ctx.defaultLanguage) };
      const first = await deliver(interaction, ctx, hinted, visibility(settings));
      // Only where the bot is a member can it open a thread; a user-installed app answers through the interaction alone.
      if (settings.answerInThread && settings.publicReplies && interaction.inCachedGuild() && !channel?.isThread()) await openThreadFor(ctx, first.answered, first.message);
    },
    failed: (message) => (acknowledged() ? interaction.editReply(message) : interaction.reply({ ...message, flags: MessageFlags.Ephemeral })),
  });
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

/** Replies directly when the answer is quick, deferring only once DIRECT_REPLY_WINDOW_MS has passed or when a model streams. */
async function deliver(interaction: ChatInputCommandInteraction, ctx: BotContext, question: Question, flags: MessageFlags.Ephemeral | undefined) {
  let deferral: Promise<unknown> | undefined;
  const defer = () => {
    if (deferral || interaction.deferred || interaction.replied) return deferral;
    deferral = interaction.deferReply({ flags });
    // Awaited by whoever shows the answer next; marked handled now, as a timer started it and nothing awaits it yet.
    deferral.catch(() => undefined);
    return deferral;
  };
  // A streamed answer is shown as it is written: acknowledge at once so there is a message to edit.
  if (ctx.engine.streams) await defer();
  const timer = setTimeout(defer, DIRECT_REPLY_WINDOW_MS);
  const show = async (message: OutgoingMessage): Promise<Message> => {
    clearTimeout(timer);
    await deferral;
    if (interaction.deferred) return interaction.editReply(message);
    const response = await interaction.reply({ ...message, flags, withResponse: true });
    return response.resource!.message!;
  };
  try {
    const { answered, first } = await answerAndDeliver(ctx, question, {
      partial: (message) => show(message),
      final: async ([head, ...rest]) => {
        const sent = await show(head!);
        for (const message of rest) await interaction.followUp({ ...message, flags });
        return sent;
      },
    });
    return { answered, message: first };
  } finally {
    clearTimeout(timer);
    // A deferral still on its way must land before a failure notice decides between reply and edit.
    await deferral?.catch(() => undefined);
  }
}
