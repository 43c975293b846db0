/**
 * A new thread: when it is a post of the guild's designated forum, the bot answers it inside the post. The post's
 * first message arrives as its own event too (messageCreate); the first of the two takes the post up.
 */
import { type AnyThreadChannel, Events } from 'discord.js';
import type { BotContext } from '../context.js';
import { answerForumPost, isForumPost } from '../forum.js';
import { defineEvent } from './define.js';

export default defineEvent({
  name: Events.ThreadCreate,
  async execute(ctx: BotContext, thread: AnyThreadChannel, newlyCreated: boolean) {
    // Threads the bot is merely added to, or learns of when it connects, are old posts: not new questions.
    if (!newlyCreated || !isForumPost(thread)) return;
    await answerForumPost(ctx, thread);
  },
});
