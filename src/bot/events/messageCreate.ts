/**
 * A member's message: a question when it mentions the bot, when it is written in a thread the bot opened or in a
 * forum post the bot answered, when it opens a post of the guild's designated forum, or when it is a direct
 * message to the bot.
 */
import { ChannelType, Events, type Message, type SendableChannels } from 'discord.js';
import { t } from '../../strings/index.js';
import { admitAndAnswer } from '../admission.js';
import type { BotContext } from '../context.js';
import { answerAndDeliver, messageDelivery } from '../deliver.js';
import { answerDirectMessage } from '../direct-messages.js';
import { answerForumPost, answeredForumPost, isDesignatedForum, isForumPost } from '../forum.js';
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
    if (message.author.bot || message.webhookId || message.system) return;
    if (!message.inGuild()) {
      // A member's own DM with the bot; the bot is in no group DM.
      if (message.channel.type === ChannelType.DM) await answerDirectMessage(ctx, message, message.channel, receivedAt);
      return;
    }
    const channel = message.channel;
    // A forum post's first message has the post's id; the post may also have reached the bot as THREAD_CREATE.
    const forumPost = isForumPost(channel) ? channel : undefined;
    if (forumPost && message.id === forumPost.id && isDesignatedForum(ctx, forumPost)) {
      await answerForumPost(ctx, forumPost, message);
      return;
    }
    const mentioned = message.mentions.users.has(me.id);
    const followsUp = isOwnThread(channel, me.id) || (forumPost !== undefined && answeredForumPost(ctx, forumPost));
    if (!mentioned && !followsUp) return;
    const text = withoutMentionOf(message.content, me.id);
    if (!mentioned && isAcknowledgement(text)) return;
    const reply = (content: OutgoingMessage) => message.reply(content);
    // guildId says the message is a guild's; the guild itself may be missing from discord.js's cache.
    const guildLanguage = languageOfLocale(message.guild?.preferredLocale, ctx.defaultLanguage);

    await admitAndAnswer(ctx, {
      source: channel.isThread() ? 'thread' : 'mention',
      text,
      guildId: message.guildId,
      channel,
      channelId: message.channelId,
      userId: message.author.id,
      receivedAt,
      ...(channel.isThread() ? { threadId: channel.id } : {}),
      // /ask under the name members of the guild's language see it by.
      usageIfEmpty: t('usage', guildLanguage, { ask: t('command.ask', guildLanguage) }),
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
        await answerAndDeliver(ctx, question, messageDelivery(send, target, settings.linkPreviews));
      },
      failed: reply,
    });
  },
});
