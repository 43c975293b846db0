/** From a question admitted to its answer on Discord: partial edits while a model writes, then the final messages. */
import type { Message } from 'discord.js';
import type { Answered, Question } from './answers.js';
import type { BotContext } from './context.js';
import { type OutgoingMessage, renderAnswer, renderPartial, withLinkPreviews } from './render.js';
import { ThrottledEditor } from './throttle.js';

/** Where an answer goes: an interaction's reply, or a reply to a message. */
export interface Delivery {
  /** Shows the text so far: creates the answer's first message the first time, edits it afterwards. */
  partial(message: OutgoingMessage): Promise<unknown>;
  /** Shows the finished answer: the first message replaces the partial one, the others follow. */
  final(messages: OutgoingMessage[]): Promise<Message>;
  /** The guild's setting: whether links in the answer may be previewed. */
  linkPreviews: boolean;
  /**
   * What a refusal is shown as, when not the engine's own refusal with its buttons: a forum post the article cannot
   * answer gets a short note, or nothing at all (no message is then sent, and `first` is undefined).
   */
  refusal?(answered: Answered): OutgoingMessage[];
}

/**
 * Asks, streams the partial text while a model writes, then delivers the answer and logs it. Partial messages
 * keep link previews' default: the final edit may add the sources embed, which SuppressEmbeds would hide.
 */
export async function answerAndDeliver(ctx: BotContext, question: Question, delivery: Delivery): Promise<{ answered: Answered; first: Message | undefined }> {
  const editor = new ThrottledEditor((text) => delivery.partial(renderPartial(text)), ctx.config.streamEditIntervalMs, (error) =>
    ctx.logger.warn({ err: (error as Error)?.message }, 'a progressive edit failed; the final answer will replace it'),
  );
  let answered: Answered;
  try {
    answered = await ctx.answers.answer(question, (text) => editor.push(text));
  } finally {
    await editor.close();
  }
  const messages = answered.result.refused && delivery.refusal ? delivery.refusal(answered) : renderAnswer(answered.result, answered.logged?.ref);
  const first = messages.length > 0 ? await delivery.final(messages.map((message) => withLinkPreviews(message, delivery.linkPreviews))) : undefined;
  ctx.answers.delivered(question, answered);
  if (question.threadId) ctx.limiter.answeredIn(question.threadId);
  return { answered, first };
}

/**
 * An answer to a member's message (a mention, a thread follow-up, a direct message): while a model writes, one
 * message is created and edited; the finished answer replaces it, and the messages of a long answer follow it in
 * `target`.
 */
export function messageDelivery(send: (message: OutgoingMessage) => Promise<Message>, target: { send(message: OutgoingMessage): Promise<Message> }, linkPreviews: boolean): Delivery {
  let sent: Message | undefined;
  return {
    partial: async (content) => {
      sent = sent ? await sent.edit(content) : await send(content);
    },
    final: async ([first, ...rest]) => {
      const shown = sent ? await sent.edit(first!) : await send(first!);
      for (const content of rest) await target.send(content);
      return shown;
    },
    linkPreviews,
  };
}
