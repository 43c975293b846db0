/**
 * Forum posts as questions. A guild's moderators designate one forum (/kb config forum_channel); each new post
 * there is answered inside the post, its title and first message together being the question, with the same
 * citations and buttons as any answer, and the forum's "answered" tag applied when the bot answered. A post the
 * article cannot answer gets one short note, or nothing (forum_unanswered). A post reaches the bot twice (the
 * thread's THREAD_CREATE, then its starter message) and again when a resumed session replays them: it is
 * claimed once in the database (ForumPostStore), so whichever comes first answers it, after a restart too.
 */
import { type AnyThreadChannel, type Channel, ChannelType, type Message } from 'discord.js';
import { THREAD_APPLIED_TAGS_MAX } from '../discord-limits.js';
import { t } from '../strings/index.js';
import { LANGUAGES } from '../text/language-data.js';
import { admitAndAnswer } from './admission.js';
import { errorFields } from './answers.js';
import type { BotContext } from './context.js';
import { answerAndDeliver } from './deliver.js';
import { withoutMentionOf } from './message-text.js';
import { notice } from './render.js';
import type { ForumPostOutcome } from './state/index.js';

/**
 * When the database cannot record a claim (busy, read-only), the post is claimed in this process's memory for
 * this long instead: long enough for the post's second event and a resumed session's replay.
 */
const CLAIM_IN_MEMORY_MS = 3_600_000;

/** Tag names that mean "answered", one per language, compared without regard to case. */
const ANSWERED_TAG_NAMES = new Set(LANGUAGES.map((lang) => tagName(t('forum.answeredTag', lang))));

function tagName(name: string): string {
  return name.trim().toLocaleLowerCase();
}

/** A thread of a forum channel: a post. */
export function isForumPost(channel: Channel): channel is AnyThreadChannel {
  return channel.isThread() && channel.parent?.type === ChannelType.GuildForum;
}

/** Whether the bot answered this post itself: only then are its later messages follow-ups the bot answers. */
export function answeredForumPost(ctx: BotContext, thread: AnyThreadChannel): boolean {
  return isDesignatedForum(ctx, thread) && ctx.state.forumPosts.outcome(thread.id) === 'answered';
}

/** Whether the post is in the forum the guild's moderators designated (/kb config forum_channel). */
export function isDesignatedForum(ctx: BotContext, thread: AnyThreadChannel): boolean {
  const forumId = ctx.state.settings.get(thread.guildId).forumChannelId;
  return forumId !== undefined && thread.parentId === forumId;
}

/** The question a post asks: its title, then its first message (without a mention of the bot), unless that repeats the title. */
function postQuestion(title: string, content: string, botId: string): string {
  const body = withoutMentionOf(content, botId).trim();
  const heading = title.trim();
  if (!body) return heading;
  if (body.toLocaleLowerCase().startsWith(heading.toLocaleLowerCase())) return body;
  return `${heading}\n${body}`;
}

/**
 * Answers a new post of the designated forum, once. `starter` is the post's first message when it is what
 * arrived; from the thread alone, the message is fetched.
 */
export async function answerForumPost(ctx: BotContext, thread: AnyThreadChannel, starter?: Message): Promise<void> {
  const receivedAt = performance.now();
  const guildId = thread.guildId;
  const log = { guild: guildId, thread: thread.id };
  if (!isDesignatedForum(ctx, thread)) {
    ctx.logger.debug(log, 'a post outside the designated forum; ignored');
    return;
  }
  const me = thread.client.user.id;
  const owner = starter?.author ?? thread.client.users.cache.get(thread.ownerId ?? '');
  if (thread.ownerId === me || owner?.bot) {
    ctx.logger.info({ ...log, reason: 'bot' }, 'forum post ignored');
    return;
  }
  if (!claim(ctx, thread)) {
    ctx.logger.info({ ...log, reason: 'taken' }, 'forum post ignored');
    return;
  }
  let outcome: Exclude<ForumPostOutcome, 'pending'> = 'unanswered';
  let tagged = false;
  let recorded = false;
  const settle = (settled: typeof outcome) => {
    outcome = settled;
    recorded = true;
    try {
      ctx.state.forumPosts.settle(thread.id, settled);
    } catch (error) {
      ctx.logger.warn({ ...log, ...errorFields(error) }, 'could not record how the forum post ended');
    }
  };
  try {
    const message = starter ?? (await thread.fetchStarterMessage());
    if (!message) throw new Error('the post has no first message');
    // Bots' posts (a feed, another assistant) are never answered: no loops between bots.
    if (message.author.bot || message.webhookId) {
      settle('ignored');
      ctx.logger.info({ ...log, reason: 'bot' }, 'forum post ignored');
      return;
    }
    await admitAndAnswer(ctx, {
      source: 'forum',
      text: postQuestion(thread.name, message.content, me),
      guildId,
      channel: thread,
      channelId: thread.id,
      userId: message.author.id,
      receivedAt,
      threadId: thread.id,
      noteOutsideAllowList: false,
      publicNotes: true,
      note: (content) => thread.send(content),
      answer: async (question, settings) => {
        const { answered } = await answerAndDeliver(ctx, question, {
          // Nobody waits on a post as on a command: the answer is sent once, whole.
          partial: async () => undefined,
          final: async ([first, ...rest]) => {
            const shown = await thread.send(first!);
            for (const content of rest) await thread.send(content);
            return shown;
          },
          linkPreviews: settings.linkPreviews,
          refusal: (result) => (settings.forumUnanswered === 'note' ? [notice(t('forum.unanswered', result.result.language))] : []),
        });
        // Recorded before the tag, so a follow-up written right after the answer is already one.
        settle(answered.result.refused ? 'unanswered' : 'answered');
        if (!answered.result.refused) tagged = await applyAnsweredTag(ctx, thread);
      },
      failed: (content) => {
        outcome = 'failed';
        return thread.send(content);
      },
    });
  } catch (error) {
    outcome = 'failed';
    ctx.logger.warn({ ...log, ...errorFields(error) }, 'could not read the forum post');
  }
  if (!recorded) settle(outcome);
  ctx.logger.info({ ...log, outcome, tagged }, 'forum post settled');
}

/** Takes the post up in the database, or in memory when the database cannot be written. */
function claim(ctx: BotContext, thread: AnyThreadChannel): boolean {
  try {
    return ctx.state.forumPosts.claim(thread.id, thread.guildId);
  } catch (error) {
    ctx.logger.warn({ guild: thread.guildId, thread: thread.id, ...errorFields(error) }, 'could not record the forum post; claiming it in memory');
    return ctx.limiter.claim(`forum:${thread.id}`, CLAIM_IN_MEMORY_MS);
  }
}

/**
 * Adds the forum's "answered" tag (by name, in either language) to the post, keeping the tags it has; nothing
 * when the forum has no such tag or the post already carries the most tags Discord allows. A failure (the bot
 * lacks Manage Threads) is logged: the answer is already shown.
 */
async function applyAnsweredTag(ctx: BotContext, thread: AnyThreadChannel): Promise<boolean> {
  const forum = thread.parent;
  if (forum?.type !== ChannelType.GuildForum) return false;
  const tag = forum.availableTags.find((candidate) => ANSWERED_TAG_NAMES.has(tagName(candidate.name)));
  if (!tag) return false;
  const applied = thread.appliedTags;
  if (applied.includes(tag.id)) return true;
  if (applied.length >= THREAD_APPLIED_TAGS_MAX) {
    ctx.logger.info({ guild: thread.guildId, thread: thread.id }, 'the forum post carries the most tags allowed; not tagged answered');
    return false;
  }
  try {
    await thread.setAppliedTags([...applied, tag.id]);
    return true;
  } catch (error) {
    ctx.logger.warn({ guild: thread.guildId, thread: thread.id, ...errorFields(error) }, 'could not tag the forum post answered');
    return false;
  }
}
