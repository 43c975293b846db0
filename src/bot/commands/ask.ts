/** /ask: a question about the article, answered in reply to the command (ephemeral unless the guild makes replies public). */
import { type ChatInputCommandInteraction, InteractionContextType, type Message, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { INTERACTION_ACK_MS } from '../../discord-limits.js';
import { MAX_QUESTION_CHARS } from '../../text/normalize.js';
import { admitAndAnswer } from '../admission.js';
import type { Question } from '../answers.js';
import type { BotContext } from '../context.js';
import { answerAndDeliver } from '../deliver.js';
import { type OutgoingMessage, ephemeral } from '../render.js';
import type { GuildSettings } from '../state/index.js';
import { openThreadFor } from '../threads.js';

/**
 * An answer ready within this time is the reply itself (one request); a slower one (a language model, a slow
 * embeddings provider) is deferred first and edited in (two). Well inside Discord's 3-second window, so the
 * deferral still arrives in time on a slow network.
 */
export const DIRECT_REPLY_WINDOW_MS = Math.round(INTERACTION_ACK_MS / 3);

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask a question about the article')
  .setDescriptionLocalizations({ fr: 'Poser une question sur l’article' })
  .setContexts(InteractionContextType.Guild)
  .addStringOption((option) =>
    option
      .setName('question')
      .setDescription('Your question, in French or English')
      .setDescriptionLocalizations({ fr: 'Votre question, en français ou en anglais' })
      .setRequired(true)
      .setMaxLength(MAX_QUESTION_CHARS),
  );

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const receivedAt = performance.now();
  const guildId = interaction.guildId;
  if (!guildId) return;
  const channel = interaction.channel;
  const visibility = (settings: GuildSettings) => (settings.publicReplies ? undefined : MessageFlags.Ephemeral);
  const acknowledged = () => interaction.deferred || interaction.replied;
  await admitAndAnswer(ctx, {
    source: 'slash',
    text: interaction.options.getString('question', true),
    guildId,
    channel,
    // Typed as a string by discord.js, yet null for an interaction from a channel it does not know.
    channelId: (interaction.channelId as string | null) ?? null,
    userId: interaction.user.id,
    receivedAt,
    ...(channel?.isThread() ? { threadId: channel.id } : {}),
    noteOutsideAllowList: true,
    publicNotes: false,
    note: (message) => interaction.reply(ephemeral(message)),
    // Discord drops an interaction not acknowledged within 3 seconds: a question that must wait is deferred now.
    queued: (settings) => interaction.deferReply({ flags: visibility(settings) }),
    answer: async (question, settings) => {
      const first = await deliver(interaction, ctx, question, visibility(settings), settings.linkPreviews);
      if (settings.answerInThread && settings.publicReplies && !channel?.isThread()) await openThreadFor(ctx, first.answered, first.message);
    },
    failed: (message) => (acknowledged() ? interaction.editReply(message) : interaction.reply(ephemeral(message))),
  });
}

/** Replies directly when the answer is quick, deferring only once DIRECT_REPLY_WINDOW_MS has passed or when a model streams. */
async function deliver(interaction: ChatInputCommandInteraction, ctx: BotContext, question: Question, flags: MessageFlags.Ephemeral | undefined, linkPreviews: boolean) {
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
    const response = await interaction.reply({ ...message, flags: (message.flags ?? 0) | (flags ?? 0), withResponse: true });
    return response.resource!.message!;
  };
  try {
    const { answered, first } = await answerAndDeliver(ctx, question, {
      partial: (message) => show(message),
      final: async ([head, ...rest]) => {
        const sent = await show(head!);
        for (const message of rest) await interaction.followUp({ ...message, flags: (message.flags ?? 0) | (flags ?? 0) });
        return sent;
      },
      linkPreviews,
    });
    return { answered, message: first };
  } finally {
    clearTimeout(timer);
    // A deferral still on its way must land before a failure notice decides between reply and edit.
    await deferral?.catch(() => undefined);
  }
}
