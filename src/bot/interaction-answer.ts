/**
 * The one way an application command's question is answered through its interaction, for /ask and for the
 * "Ask the article" message menu alike: admitted like every question, answered by the reply itself when the
 * answer is quick, deferred and edited in when it is not, in the member's language when the question is too
 * short to tell, and outside servers (a user-installed app) through the interaction alone.
 */
import { type ChatInputCommandInteraction, type Message, MessageFlags, type MessageContextMenuCommandInteraction } from 'discord.js';
import { INTERACTION_ACK_MS, MESSAGE_MAX } from '../discord-limits.js';
import { admitAndAnswer } from './admission.js';
import type { Question } from './answers.js';
import type { BotContext } from './context.js';
import { answerAndDeliver } from './deliver.js';
import { languageOfLocale } from './language.js';
import { NO_MENTIONS, type OutgoingMessage, ephemeral } from './render.js';
import { truncate } from './split.js';
import type { GuildSettings, QuestionSource } from './state/index.js';
import { openThreadFor } from './threads.js';

/**
 * An answer ready within this time is the reply itself (one request); a slower one (a language model, a slow
 * embeddings provider) is deferred first and edited in (two). Well inside Discord's 3-second window, so the
 * deferral still arrives in time on a slow network.
 */
export const DIRECT_REPLY_WINDOW_MS = Math.round(INTERACTION_ACK_MS / 3);

export type QuestionInteraction = ChatInputCommandInteraction | MessageContextMenuCommandInteraction;

export interface InteractionQuestion {
  text: string;
  source: QuestionSource;
  /** A line shown above the answer, so everyone sees what was asked (the message menu quotes the message). */
  heading?: string;
  /** Whether the guild's "answer in a thread" applies (an /ask answer gets a thread under it). */
  threads: boolean;
}

export async function answerInteraction(interaction: QuestionInteraction, ctx: BotContext, asked: InteractionQuestion): Promise<void> {
  const receivedAt = performance.now();
  const channel = interaction.channel;
  const visibility = (settings: GuildSettings) => (settings.publicReplies ? undefined : MessageFlags.Ephemeral);
  const acknowledged = () => interaction.deferred || interaction.replied;
  /** Whether the reply holds the answer itself (not a deferral or a partial text): a failure then must not replace it. */
  let answerShown = false;
  await admitAndAnswer(ctx, {
    source: asked.source,
    text: asked.text,
    // A user-installed command outside any server (a DM, a group DM) has no guild: admission counts the member as a
    // line of their own, under the default settings, and the question is logged without a guild.
    guildId: interaction.guildId,
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
      // A question too short to tell its language (a bare name and a question mark) is answered in the member’s Discord language.
      const hinted = { ...question, languageHint: languageOfLocale(interaction.locale, ctx.defaultLanguage) };
      const first = await deliver(interaction, ctx, hinted, visibility(settings), settings.linkPreviews, asked.heading, () => (answerShown = true));
      // Only where the bot is a member can it open a thread; a user-installed app answers through the interaction alone.
      if (asked.threads && settings.answerInThread && settings.publicReplies && first.message && interaction.inCachedGuild() && !channel?.isThread()) await openThreadFor(ctx, first.answered, first.message);
    },
    // Once the answer's first message is shown (a later one failed), the notice follows it rather than replacing it.
    failed: (message) => (answerShown ? interaction.followUp(ephemeral(message)) : acknowledged() ? interaction.editReply(message) : interaction.reply(ephemeral(message))),
  });
}

/** Replies directly when the answer is quick, deferring only once DIRECT_REPLY_WINDOW_MS has passed or when a model streams. */
async function deliver(
  interaction: QuestionInteraction,
  ctx: BotContext,
  question: Question,
  flags: MessageFlags.Ephemeral | undefined,
  linkPreviews: boolean,
  heading: string | undefined,
  onAnswerShown: () => void,
) {
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
      partial: (message) => show(heading ? { ...message, content: truncate(`${heading}\n${message.content ?? ''}`, MESSAGE_MAX) } : message),
      final: async (messages) => {
        const [head, ...rest] = heading ? withHeading(messages, heading) : messages;
        const sent = await show(head!);
        onAnswerShown();
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

/** The heading above the answer's first message, or as a message of its own before it when both would not fit in one. */
function withHeading([first, ...rest]: OutgoingMessage[], heading: string): OutgoingMessage[] {
  const content = `${heading}\n${first?.content ?? ''}`;
  if (first && content.length <= MESSAGE_MAX) return [{ ...first, content }, ...rest];
  return [{ content: truncate(heading, MESSAGE_MAX), allowedMentions: NO_MENTIONS, embeds: [], components: [] }, ...(first ? [first] : []), ...rest];
}
