/** A member's message: a question when it mentions the bot, or when it is written in a thread the bot opened. */
import { Events, type Message, type SendableChannels } from 'discord.js';
import { admitAndAnswer } from '../admission.js';
import type { BotContext } from '../context.js';
import { answerAndDeliver } from '../deliver.js';
import { languageOfLocale, questionLanguage } from '../language.js';
import { isAcknowledgement, withoutMentionOf } from '../message-text.js';
import type { OutgoingMessage } from '../render.js';
import { canOpenThread, isOwnThread, startThreadFrom } from '../threads.js';
import { defineEvent } from './define.js';

export default defineEvent({
  name: Events.MessageCreate,
  async execute(ctx: BotContext, message: Message) {
    const receivedAt = performance.now();
    const me = message.client.user;
    // Bots (itself included), webhooks and system messages are never answered: no loops between bots.
    if (message.author.bot || message.webhookId || message.system || !message.inGuild()) return;
    const mentioned = message.mentions.users.has(me.id);
    const inOwnThread = isOwnThread(message.channel, me.id);
    if (!mentioned && !inOwnThread) return;
    const text = withoutMentionOf(message.content, me.id);
    if (!mentioned && isAcknowledgement(text)) return;
    const reply = (content: OutgoingMessage) => message.reply(content);
    const channel = message.channel;

    await admitAndAnswer(ctx, {
      source: channel.isThread() ? 'thread' : 'mention',
      text,
      guildId: message.guildId,
      channel,
      channelId: message.channelId,
      userId: message.author.id,
      receivedAt,
      ...(channel.isThread() ? { threadId: channel.id } : {}),
      // guildId says the message is a guild's; the guild itself may be missing from discord.js's cache.
      usageIfEmpty: languageOfLocale(message.guild?.preferredLocale, ctx.defaultLanguage),
      noteOutsideAllowList: false,
      publicNotes: true,
      note: reply,
      answer: async (question, settings) => {
        let target: SendableChannels = channel;
        let send = reply;
        if (!channel.isThread() && settings.answerInThread && canOpenThread(channel)) {
          // Without the permission to open a thread, the answer goes in the channel rather than nowhere.
          const thread = await startThreadFrom(message, text, questionLanguage(text, ctx.defaultLanguage)).catch((error: Error) => {
            ctx.logger.warn({ guild: message.guildId, err: error.message }, 'could not open a thread; answering in the channel');
            return undefined;
          });
          if (thread) {
            question.threadId = thread.id;
            target = thread;
            send = (content) => thread.send(content);
          }
        }
        // Only a language model takes long enough to be worth a typing indicator; each one costs a REST call.
        if (ctx.engine.streams) await target.sendTyping().catch(() => undefined);
        let sent: Message | undefined;
        await answerAndDeliver(ctx, question, {
          partial: async (content) => {
            sent = sent ? await sent.edit(content) : await send(content);
          },
          final: async ([first, ...rest]) => {
            const shown = sent ? await sent.edit(first!) : await send(first!);
            for (const content of rest) await target.send(content);
            return shown;
          },
          linkPreviews: settings.linkPreviews,
        });
      },
      failed: reply,
    });
  },
});
