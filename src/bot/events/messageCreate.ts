import { Events, type Message, type SendableChannels } from 'discord.js';
import { type Question, newRequestId } from '../answers.js';
import type { BotContext } from '../context.js';
import { answerAndDeliver } from '../deliver.js';
import { channelAllowed, cooldownMs, isAcknowledgement, overLimitNote, questionLanguage } from '../gate.js';
import { languageOfLocale, t } from '../i18n.js';
import { type OutgoingMessage, notice } from '../render.js';
import { canOpenThread, isOwnThread, startThreadFrom } from '../threads.js';
import { defineEvent } from './define.js';

/** The message's text without the bot's own mention (other mentions the engine strips itself). */
function questionOf(message: Message, botId: string): string {
  return message.content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ').trim();
}

export default defineEvent({
  name: Events.MessageCreate,
  async execute(ctx: BotContext, message: Message) {
    const receivedAt = performance.now();
    const me = message.client.user;
    // Bots (itself included), webhooks and system messages are never answered: no loops between bots.
    if (message.author.bot || message.webhookId || message.system || !message.inGuild()) return;
    const mentioned = message.mentions.users.has(me.id);
    if (!mentioned && !isOwnThread(message.channel, me.id)) return;

    const settings = ctx.state.settings.get(message.guildId);
    if (!channelAllowed(settings, message.channel)) {
      ctx.logger.debug({ guild: message.guildId, channel: message.channelId }, 'ignored a question in a channel outside the allow-list');
      return;
    }
    const text = questionOf(message, me.id);
    if (!mentioned && isAcknowledgement(text)) return;
    const reply = (content: OutgoingMessage) => message.reply(content);
    if (!/[\p{L}\p{N}]/u.test(text.replace(/<[@#][!&]?\d+>|@everyone|@here/g, ''))) {
      await reply(notice(t('usage', languageOfLocale(message.guild.preferredLocale))));
      return;
    }
    const admission = ctx.limiter.admit(message.guildId, message.author.id, cooldownMs(settings, ctx.config));
    if (!admission.ok) {
      await reply(notice(overLimitNote(ctx, message.guildId, admission, text)));
      return;
    }

    const question: Question = {
      requestId: newRequestId(),
      text,
      source: message.channel.isThread() ? 'thread' : 'mention',
      guildId: message.guildId,
      channelId: message.channelId,
      userId: message.author.id,
      receivedAt,
    };
    try {
      let target: SendableChannels = message.channel;
      let send = reply;
      if (message.channel.isThread()) question.threadId = message.channel.id;
      else if (settings.answerInThread && canOpenThread(message.channel)) {
        // Without the permission to open a thread, the answer goes in the channel rather than nowhere.
        const thread = await startThreadFrom(message, text, questionLanguage(text)).catch((error: Error) => {
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
      });
    } catch (error) {
      ctx.answers.failed(question, error);
      await reply(notice(t('failed', questionLanguage(text)))).catch(() => undefined);
    } finally {
      admission.release();
    }
  },
});
