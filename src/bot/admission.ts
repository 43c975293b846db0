/**
 * The one way a question gets in, whether asked with /ask, the message menu, by mention, in one of the bot's
 * threads, in a direct message or as a new forum post (the role a Sapphire precondition plays): allow-list → rate
 * limit → a note instead of an answer when over it → the question → answered, with a failure notice and the slot
 * released whatever happens. The front ends only say how to write a note and how to deliver an answer.
 */
import type { Channel } from 'discord.js';
import type { Language } from '../corpus/article.js';
import { t } from '../strings/index.js';
import { type Question, newRequestId } from './answers.js';
import type { BotContext } from './context.js';
import { questionLanguage } from './language.js';
import { asksSomething } from './message-text.js';
import type { Admission, MemberAllowance } from './rate-limiter.js';
import { type OutgoingMessage, notice, withLinkPreviews } from './render.js';
import { truncate } from './split.js';
import type { GuildSettings, QuestionSource } from './state/index.js';

/** How much of a question a note repeats, so nothing the member wrote is lost. */
const QUOTED_QUESTION_MAX = 300;

/**
 * A public note (a reply to a message) is written at most once per member per window for the member's own notes
 * (over the burst, empty mention), and once per guild per window when the guild is busy or the bot restarting;
 * later ones get nothing, and the member already knows when to ask again. One minute is the refill time of a
 * default burst; 1,000 mentions at once in one guild used to get 996 public busy notes.
 */
export const NOTE_WINDOW_MS = 60_000;

export interface AskedQuestion {
  source: QuestionSource;
  text: string;
  /** The guild it was asked in; null outside servers (a direct message, a user-installed command in a DM). */
  guildId: string | null;
  channel: Channel | null;
  /** Null when discord.js does not know the channel (its typings say string; an unknown channel gives null). */
  channelId: string | null;
  userId: string;
  /** performance.now() when the question reached the bot. */
  receivedAt: number;
  /**
   * The conversation the question was asked in (a thread, a direct message): its answer goes there, with the
   * conversation's earlier turns as context.
   */
  threadId?: string;
  /** Turns of the conversation older than this time are not its context (a direct message taken up again later). */
  historySince?: number;
  /** A message that asks nothing (only mentions) gets this usage note; a command's question goes to the engine. */
  usageIfEmpty?: string;
  /** Whether a channel outside the allow-list gets a note (a command) or silence (a message). */
  noteOutsideAllowList: boolean;
  /**
   * Whether notes are seen by everyone (a reply to a message cannot be ephemeral): they are then written at most
   * once per window (NOTE_WINDOW_MS). A command's notes are ephemeral and always written, as Discord wants every
   * interaction answered.
   */
  publicNotes: boolean;
  /** Writes a note instead of an answer (not here, over a limit, restarting). */
  note(message: OutgoingMessage): Promise<unknown>;
  /** Called when the question must wait for a free slot: a command acknowledges it now. */
  queued?(settings: GuildSettings): Promise<unknown>;
  /** Delivers the answer to the admitted question. */
  answer(question: Question, settings: GuildSettings): Promise<void>;
  /** Writes the failure notice once answering failed. */
  failed(message: OutgoingMessage): Promise<unknown>;
}

/**
 * With an allow-list, only its channels and the threads under them, and the forum the moderators designated for
 * the bot (naming it was allowing it); without one, everywhere.
 */
function channelAllowed(settings: GuildSettings, channel: Channel | null): boolean {
  if (settings.allowedChannels.length === 0) return true;
  if (!channel) return false;
  const id = channel.isThread() ? channel.parentId : channel.id;
  return id !== null && (settings.allowedChannels.includes(id) || id === settings.forumChannelId);
}

/**
 * Whose settings, answers in flight and burst a question counts against: its guild's, or outside servers the
 * member's own line (`user:<id>`, which no guild id can be, so a member's DMs never share a guild's cap), under
 * the default settings. In a DM, the member's burst is theirs alone, as in a guild.
 */
function admissionScope(guildId: string | null, userId: string): string {
  return guildId ?? `user:${userId}`;
}

export function allowedChannelsList(settings: GuildSettings): string {
  return settings.allowedChannels.map((id) => `<#${id}>`).join(', ');
}

/** The guild's member allowance: its moderators' burst, or the deployment's. */
export function memberAllowance(settings: GuildSettings, ctx: BotContext): MemberAllowance {
  return { burst: settings.memberBurst ?? ctx.config.defaultMemberBurst, refillMs: ctx.config.memberRefillMs };
}

export async function admitAndAnswer(ctx: BotContext, asked: AskedQuestion): Promise<void> {
  const scope = admissionScope(asked.guildId, asked.userId);
  const settings = ctx.state.settings.get(scope);
  const lang = questionLanguage(asked.text, ctx.defaultLanguage);
  const note = (text: string) => withLinkPreviews(notice(text), settings.linkPreviews);
  if (!channelAllowed(settings, asked.channel)) {
    ctx.logger.debug({ guild: asked.guildId, channel: asked.channelId, source: asked.source }, 'a question outside the allow-list');
    if (asked.noteOutsideAllowList) await noted(ctx, asked, scope, 'channel', note(t('channelNotAllowed', lang, { channels: allowedChannelsList(settings) })));
    return;
  }
  if (asked.usageIfEmpty !== undefined && !asksSomething(asked.text)) {
    await noted(ctx, asked, scope, 'usage', note(asked.usageIfEmpty));
    return;
  }
  // Only a thread's follow-up to the bot's latest answer there is free; a direct message spends the burst every time.
  const admission = ctx.limiter.admit(scope, asked.userId, memberAllowance(settings, ctx), asked.source === 'thread' ? asked.threadId : undefined);
  if (!admission.ok) {
    await noted(ctx, asked, scope, admission.reason, note(overLimitNote(admission, asked.text, lang)));
    return;
  }
  const question: Question = {
    requestId: newRequestId(),
    text: asked.text,
    source: asked.source,
    guildId: asked.guildId,
    channelId: asked.channelId,
    userId: asked.userId,
    receivedAt: asked.receivedAt,
    ...(asked.threadId ? { threadId: asked.threadId } : {}),
    ...(asked.historySince !== undefined ? { historySince: asked.historySince } : {}),
  };
  try {
    if (admission.queued) {
      ctx.logger.debug({ requestId: question.requestId, guild: asked.guildId }, 'question queued behind the answers in flight');
      await asked.queued?.(settings);
    }
    await admission.turn;
    await asked.answer(question, settings);
  } catch (error) {
    await asked.failed(note(t('failed', lang))).catch(() => undefined);
    ctx.answers.failed(question, error);
  } finally {
    admission.release();
  }
}

/**
 * Writes a note in place of an answer, then logs it: with 'question answered' and 'question failed', every
 * question the bot takes up ends in exactly one of these log lines, once its last message is on Discord.
 */
async function noted(ctx: BotContext, asked: AskedQuestion, scope: string, reason: NoteReason, message: OutgoingMessage): Promise<void> {
  const shown = !asked.publicNotes || ctx.limiter.claim(noteKey(scope, asked.userId, reason), NOTE_WINDOW_MS);
  try {
    if (shown) await asked.note(message);
  } finally {
    ctx.logger.info({ guild: asked.guildId, source: asked.source, reason, shown }, 'question noted');
  }
}

type NoteReason = 'channel' | 'usage' | Exclude<Admission, { ok: true }>['reason'];

/** Whose window a note counts against: the guild's (or DM member's) for a busy or restarting bot, the member's otherwise. */
function noteKey(scope: string, userId: string, reason: NoteReason): string {
  return reason === 'busy' || reason === 'stopping' ? `note:${reason}:${scope}` : `note:${reason}:${scope}:${userId}`;
}

/** The note a member over a limit gets: it says when to ask again and gives the question back. */
function overLimitNote(admission: Exclude<Admission, { ok: true }>, question: string, lang: Language): string {
  const quoted = truncate(question, QUOTED_QUESTION_MAX);
  if (admission.reason === 'busy') return t('busy', lang, { question: quoted });
  if (admission.reason === 'stopping') return t('stopping', lang, { question: quoted });
  return t('rateLimited', lang, { seconds: Math.max(1, Math.ceil(admission.retryAfterMs / 1000)), question: quoted });
}
