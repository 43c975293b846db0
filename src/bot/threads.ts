import { type AnyThreadChannel, ChannelType, type Channel, type Message } from 'discord.js';
import type { Language } from '../corpus/article.js';
import type { Answered } from './answers.js';
import type { BotContext } from './context.js';
import { t } from '../strings/index.js';
import { THREAD_NAME_MAX } from '../discord-limits.js';
import { withoutMentions } from './message-text.js';
import { truncate } from './split.js';

/** Threads the bot opens close themselves after a day without messages. */
const AUTO_ARCHIVE_MINUTES = 1440;

export function threadName(question: string, lang: Language): string {
  return truncate(t('threadName', lang, { question: withoutMentions(question) }), THREAD_NAME_MAX);
}

/** Threads can be opened from messages of text and announcement channels only. */
export function canOpenThread(channel: Channel | null): boolean {
  return channel?.type === ChannelType.GuildText || channel?.type === ChannelType.GuildAnnouncement;
}

/** A thread under a message, named after the question. */
export function startThreadFrom(message: Message, question: string, lang: Language): Promise<AnyThreadChannel> {
  return message.startThread({ name: threadName(question, lang), autoArchiveDuration: AUTO_ARCHIVE_MINUTES });
}

/**
 * After an answer given in a channel: a thread under it, where follow-ups continue that conversation. The answer
 * is already shown, so a failure (a missing permission) is only logged.
 */
export async function openThreadFor(ctx: BotContext, answered: Answered, message: Message): Promise<void> {
  if (!canOpenThread(message.channel)) return;
  try {
    const thread = await startThreadFrom(message, answered.result.question, answered.result.language);
    ctx.limiter.answeredIn(thread.id);
    if (answered.logged) ctx.state.questions.moveToThread(answered.logged.id, thread.id);
  } catch (error) {
    ctx.logger.warn({ guild: message.guildId, err: (error as Error).message }, 'could not open a thread under the answer');
  }
}

/** The bot answers every message in the threads it opened, without being mentioned. */
export function isOwnThread(channel: Channel, botId: string): boolean {
  return channel.isThread() && channel.ownerId === botId;
}
