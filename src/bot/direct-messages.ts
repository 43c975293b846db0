/**
 * Direct messages as a conversation: a member writes to the bot and gets the same answer as in a server, with
 * its citations and buttons; the next messages are follow-ups with the DM's recent turns as context, as in a
 * thread, and a thank-you needs no answer. The member's burst and answers in flight count on their own
 * (admission's scope outside servers), and every question spends the burst: a DM has no free follow-up.
 */
import type { DMChannel, Message, PartialDMChannel } from 'discord.js';
import { t } from '../strings/index.js';
import { NOTE_WINDOW_MS, admitAndAnswer } from './admission.js';
import { guildOnlyCommandTyped } from './commands/index.js';
import type { BotContext } from './context.js';
import { answerAndDeliver, messageDelivery } from './deliver.js';
import { questionLanguage } from './language.js';
import { isAcknowledgement, withoutMentionOf } from './message-text.js';
import { type OutgoingMessage, notice } from './render.js';

/**
 * A DM taken up again after this pause starts a new conversation: earlier turns are no longer its context. Half
 * an hour: a thread's follow-ups come within minutes, and a DM never closes as a thread does.
 */
export const DM_CONVERSATION_PAUSE_MS = 30 * 60_000;

export async function answerDirectMessage(ctx: BotContext, message: Message, channel: DMChannel | PartialDMChannel, receivedAt: number): Promise<void> {
  const text = withoutMentionOf(message.content, message.client.user.id);
  if (isAcknowledgement(text)) return;
  const lang = questionLanguage(text, ctx.defaultLanguage);
  const reply = (content: OutgoingMessage) => message.reply(content);
  const guildOnly = guildOnlyCommandTyped(text);
  if (guildOnly) {
    // Once per member and window, like every note a member can make the bot repeat.
    const shown = ctx.limiter.claim(`note:guild-only:user:${message.author.id}`, NOTE_WINDOW_MS);
    if (shown) await reply(notice(t('guildOnly', lang, { command: guildOnly })));
    ctx.logger.info({ guild: null, source: 'dm', command: guildOnly, shown }, 'guild-only command refused in a DM');
    return;
  }
  await admitAndAnswer(ctx, {
    source: 'dm',
    text,
    guildId: null,
    channel,
    channelId: message.channelId,
    userId: message.author.id,
    receivedAt,
    // The DM is the conversation: its recent answers are the follow-up's context, as a thread's are.
    threadId: message.channelId,
    historySince: Date.now() - DM_CONVERSATION_PAUSE_MS,
    usageIfEmpty: t('usageDm', lang),
    noteOutsideAllowList: false,
    publicNotes: true,
    note: reply,
    answer: async (question, settings) => {
      if (ctx.engine.streams) await channel.sendTyping().catch(() => undefined);
      await answerAndDeliver(ctx, question, messageDelivery(reply, channel, settings.linkPreviews));
    },
    failed: reply,
  });
}
