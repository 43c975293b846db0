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
}

/**
 * Asks, streams the partial text while a model writes, then delivers the answer and logs it. Partial messages
 * keep link previews' default: the final edit may add the sources embed, which SuppressEmbeds would hide.
 */
export async function answerAndDeliver(ctx: BotContext, question: Question, delivery: Delivery): Promise<{ answered: Answered; first: Message }> {
  const editor = new ThrottledEditor((text) => delivery.partial(renderPartial(text)), ctx.config.streamEditIntervalMs, (error) =>
    ctx.logger.warn({ err: (error as Error)?.message }, 'a progressive edit failed; the final answer will replace it'),
  );
  let answered: Answered;
  try {
    answered = await ctx.answers.answer(question, (text) => editor.push(text));
  } finally {
    await editor.close();
  }
  const first = await delivery.final(renderAnswer(answered.result, answered.logged?.ref).map((message) => withLinkPreviews(message, delivery.linkPreviews)));
  ctx.answers.delivered(question, answered);
  if (question.threadId) ctx.limiter.answeredIn(question.threadId);
  return { answered, first };
}
