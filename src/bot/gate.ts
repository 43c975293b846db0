import type { Channel } from 'discord.js';
import type { Language } from '../corpus/article.js';
import { detectLanguage } from '../text/detect-language.js';
import type { BotConfig } from './config.js';
import type { BotContext } from './context.js';
import { t } from './i18n.js';
import type { Admission } from './limits.js';
import { truncate } from './split.js';
import type { GuildSettings } from './state/index.js';

const QUOTED_QUESTION_MAX = 300;

/** With an allow-list, only its channels and the threads under them; without one, everywhere. */
export function channelAllowed(settings: GuildSettings, channel: Channel | null): boolean {
  if (settings.allowedChannels.length === 0) return true;
  if (!channel) return false;
  const id = channel.isThread() ? channel.parentId : channel.id;
  return id !== null && settings.allowedChannels.includes(id);
}

export function allowedChannelsList(settings: GuildSettings): string {
  return settings.allowedChannels.map((id) => `<#${id}>`).join(', ');
}

export function cooldownMs(settings: GuildSettings, config: BotConfig): number {
  return (settings.cooldownSeconds ?? config.defaultCooldownSeconds) * 1000;
}

/**
 * The note a user over a limit gets: it says when to ask again and gives the question back, so nothing is lost.
 * Logged too, so a load test or a busy server shows how often it happens.
 */
export function overLimitNote(ctx: BotContext, guildId: string, admission: Exclude<Admission, { ok: true }>, question: string): string {
  ctx.logger.info({ guild: guildId, reason: admission.reason }, 'question over the limit');
  const lang = questionLanguage(question);
  const quoted = truncate(question, QUOTED_QUESTION_MAX);
  if (admission.reason === 'busy') return t('busy', lang, { question: quoted });
  if (admission.reason === 'stopping') return t('stopping', lang, { question: quoted });
  return t('cooldown', lang, { seconds: Math.max(1, Math.ceil(admission.retryAfterMs / 1000)), question: quoted });
}

/** The language of a note written before the engine has answered (same rule the engine uses). */
export function questionLanguage(question: string, fallback: Language = 'en'): Language {
  return detectLanguage(question, fallback).language;
}

// "thanks!", "merci 👍", "ok": in a thread the bot follows without being mentioned, these close a turn.
const ACKNOWLEDGEMENT = /^(?:thanks?(?: you)?|thank u|thx|ty|merci(?: beaucoup| bien)?|ok(?:ay)?|d'accord|cool|great|super|parfait|génial|top|nice|got it|compris|👍|🙏|❤️)[\s!.👍🙏❤️]*$/iu;

/** A short thank-you or acknowledgement, which needs no answer. */
export function isAcknowledgement(text: string): boolean {
  return ACKNOWLEDGEMENT.test(text.trim());
}
