/** How an answer, its sources and the bot's notes look on Discord, within Discord's size limits. */
import { ActionRowBuilder, type APIEmbed, type BaseMessageOptions, ButtonBuilder, ButtonStyle, type MessageMentionOptions, MessageFlags, embedLength } from 'discord.js';
import type { AnswerResult, Citation } from '../answer/types.js';
import type { Language } from '../corpus/article.js';
import { t } from '../strings/index.js';
import { neutralizeMentions } from '../text/normalize.js';
import { splitText, truncate } from './split.js';

import {
  EMBED_DESCRIPTION_MAX,
  EMBED_FIELD_NAME_MAX,
  EMBED_FIELD_VALUE_MAX,
  EMBED_FIELDS_MAX,
  EMBED_TITLE_MAX,
  EMBED_TOTAL_MAX,
  EMBEDS_PER_MESSAGE_MAX,
  MESSAGE_MAX,
} from '../discord-limits.js';

/** Nothing the bot writes may ping anyone: not @everyone, @here, a role, a user, nor the person it replies to. */
export const NO_MENTIONS: MessageMentionOptions = Object.freeze({ parse: [], repliedUser: false }) as MessageMentionOptions;

const QUOTE_MAX = 700;

export type OutgoingMessage = BaseMessageOptions & { allowedMentions: MessageMentionOptions; flags?: number };

/**
 * Link previews are off unless the guild turns them on (/kb config previews): a message gets SuppressEmbeds, so a
 * link in a note that quotes a member's question, or in an answer, is not unfolded into a preview. Not a message
 * carrying the bot's own embed (the sources under an answer): Discord's flag means "do not include any embeds
 * when serializing this message", so it would hide the sources too; that message's text is an answer, from which
 * every link not in the article has already been removed (src/answer/links.ts), and the article has none.
 */
export function withLinkPreviews(message: OutgoingMessage, previews: boolean): OutgoingMessage {
  if (previews || (message.embeds?.length ?? 0) > 0) return message;
  return { ...message, flags: (message.flags ?? 0) | MessageFlags.SuppressEmbeds };
}

/** The message for the one who asked only, keeping its other flags. */
export function ephemeral(message: OutgoingMessage): OutgoingMessage & { flags: number } {
  return { ...message, flags: (message.flags ?? 0) | MessageFlags.Ephemeral };
}

/** A button names its answer by the answer's random reference (newAnswerRef): 32 hex digits. */
export const customIds = {
  sources: (answerRef: string) => `sources:${answerRef}`,
  vote: (answerRef: string, vote: 'up' | 'down') => `vote:${answerRef}:${vote}`,
};

/**
 * What a button asks for. Buttons of answers given before references existed (`sources:12`) are read as
 * `stale`: their sequential ids could be guessed, so they are no longer honoured.
 */
export function parseCustomId(id: string): { kind: 'sources'; answerRef: string } | { kind: 'vote'; answerRef: string; vote: 'up' | 'down' } | { kind: 'stale' } | undefined {
  const sources = /^sources:([0-9a-f]{32})$/.exec(id);
  if (sources) return { kind: 'sources', answerRef: sources[1]! };
  const vote = /^vote:([0-9a-f]{32}):(up|down)$/.exec(id);
  if (vote) return { kind: 'vote', answerRef: vote[1]!, vote: vote[2] as 'up' | 'down' };
  if (/^(?:sources:\d+|vote:\d+:(?:up|down))$/.test(id)) return { kind: 'stale' };
  return undefined;
}

function answerButtons(answerRef: string, withSources: boolean, lang: Language): ActionRowBuilder<ButtonBuilder> {
  const row = new ActionRowBuilder<ButtonBuilder>();
  if (withSources) row.addComponents(new ButtonBuilder().setCustomId(customIds.sources(answerRef)).setLabel(t('sourcesButton', lang)).setEmoji('📚').setStyle(ButtonStyle.Secondary));
  row.addComponents(
    new ButtonBuilder().setCustomId(customIds.vote(answerRef, 'up')).setEmoji('👍').setStyle(ButtonStyle.Secondary),
    new ButtonBuilder().setCustomId(customIds.vote(answerRef, 'down')).setEmoji('👎').setStyle(ButtonStyle.Secondary),
  );
  return row;
}

function citationField(citation: Citation, lang: Language): { name: string; value: string } {
  const mark = citation.translated ? `\n*${t('translatedMark', lang)}*` : '';
  const quote = truncate(neutralizeMentions(citation.quote), Math.min(QUOTE_MAX, EMBED_FIELD_VALUE_MAX - mark.length - 2));
  return { name: truncate(`[${citation.n}] ${citation.label}`, EMBED_FIELD_NAME_MAX), value: `> ${quote}${mark}` };
}

/** The sources under an answer: one field per citation, within the field count and the embed's total size. */
export function sourcesEmbed(citations: readonly Citation[], lang: Language): APIEmbed {
  const embed: APIEmbed = { title: t('sourcesTitle', lang), fields: [] };
  const footerReserve = 40;
  citations.forEach((citation, i) => {
    const field = citationField(citation, lang);
    const fits = embed.fields!.length < EMBED_FIELDS_MAX && embedLength(embed) + field.name.length + field.value.length + footerReserve <= EMBED_TOTAL_MAX;
    if (fits) embed.fields!.push(field);
    else if (!embed.footer) embed.footer = { text: t('moreSources', lang, { count: citations.length - i }) };
  });
  return embed;
}

/**
 * An answer as the messages that carry it: its text (split when long), then the sources and the buttons under
 * the last message. A refusal is its one short sentence, with the feedback buttons only. Without an `answerRef`
 * (the question log could not be written) there are no buttons, as they would lead nowhere.
 */
export function renderAnswer(result: AnswerResult, answerRef?: string): OutgoingMessage[] {
  const text = neutralizeMentions(result.notice ? `${result.answer}\n\n*${result.notice}*` : result.answer);
  const messages: OutgoingMessage[] = splitText(text, MESSAGE_MAX).map((content) => ({ content, allowedMentions: NO_MENTIONS }));
  if (messages.length === 0) messages.push({ content: '…', allowedMentions: NO_MENTIONS });
  const last = messages[messages.length - 1]!;
  const cited = !result.refused && result.citations.length > 0;
  if (cited) last.embeds = [sourcesEmbed(result.citations, result.language)];
  if (answerRef !== undefined) last.components = [answerButtons(answerRef, cited, result.language)];
  return messages;
}

/** The text so far of an answer that is still streaming: one message, no buttons yet. */
export function renderPartial(text: string): OutgoingMessage {
  const content = truncate(neutralizeMentions(text), MESSAGE_MAX - 2);
  return { content: `${content} …`, allowedMentions: NO_MENTIONS, embeds: [], components: [] };
}

/** A one-line note (usage hint, cooldown, refusal of a command): never pings. */
export function notice(content: string): OutgoingMessage {
  return { content: truncate(neutralizeMentions(content), MESSAGE_MAX), allowedMentions: NO_MENTIONS };
}

export interface FullSource {
  n: number;
  label: string;
  text: string;
  translated: boolean;
  /** The article's own words when `text` is a translation. */
  original?: { label: string; text: string };
}

/** The full cited passages, for the ephemeral "Sources" reply: as many messages as the embed limits require. */
export function renderSources(sources: readonly FullSource[], lang: Language): OutgoingMessage[] {
  const embeds: APIEmbed[] = [];
  for (const source of sources) {
    const title = truncate(`[${source.n}] ${source.label}${source.translated ? ` ${t('translatedMark', lang)}` : ''}`, EMBED_TITLE_MAX);
    embeds.push(...descriptionEmbeds(title, neutralizeMentions(source.text)));
    if (source.original) embeds.push(...descriptionEmbeds(truncate(`${t('originalTitle', lang)} · ${source.original.label}`, EMBED_TITLE_MAX), neutralizeMentions(source.original.text)));
  }
  return packEmbeds(embeds);
}

function descriptionEmbeds(title: string, text: string): APIEmbed[] {
  return splitText(text, EMBED_DESCRIPTION_MAX).map((description, i) => (i === 0 ? { title, description } : { description }));
}

/** Groups embeds into messages of at most 10 embeds and 6,000 characters of embed text each. */
export function packEmbeds(embeds: readonly APIEmbed[]): OutgoingMessage[] {
  const messages: OutgoingMessage[] = [];
  let current: APIEmbed[] = [];
  let size = 0;
  for (const embed of embeds) {
    const length = embedLength(embed);
    if (current.length > 0 && (current.length === EMBEDS_PER_MESSAGE_MAX || size + length > EMBED_TOTAL_MAX)) {
      messages.push({ embeds: current, allowedMentions: NO_MENTIONS });
      current = [];
      size = 0;
    }
    current.push(embed);
    size += length;
  }
  if (current.length > 0) messages.push({ embeds: current, allowedMentions: NO_MENTIONS });
  return messages;
}

