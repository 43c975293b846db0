/** What a member's message says, once mentions are accounted for with discord.js's own mention patterns. */
import { MessageMentions } from 'discord.js';

const global = (pattern: RegExp) => new RegExp(pattern.source, 'g');
const USER = global(MessageMentions.UsersPattern);
const EVERY_MENTION = [MessageMentions.UsersPattern, MessageMentions.RolesPattern, MessageMentions.ChannelsPattern, MessageMentions.EveryonePattern].map(global);

/** The message's text without the bot's own mention (other mentions the engine strips itself). */
export function withoutMentionOf(content: string, botId: string): string {
  return content.replace(USER, (mention, ...rest) => ((rest.at(-1) as { id: string }).id === botId ? ' ' : mention)).trim();
}

/** The text with every user, role, channel, @everyone and @here mention removed and spaces folded. */
export function withoutMentions(text: string): string {
  return EVERY_MENTION.reduce((rest, pattern) => rest.replace(pattern, ' '), text).replace(/\s+/g, ' ').trim();
}

/** Whether anything is asked besides mentions: a letter or a digit. */
export function asksSomething(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(withoutMentions(text));
}

// "thanks!", "merci 👍", "ok": in a thread the bot follows without being mentioned, these close a turn.
const ACKNOWLEDGEMENT = /^(?:thanks?(?: you)?|thank u|thx|ty|merci(?: beaucoup| bien)?|ok(?:ay)?|d'accord|cool|great|super|parfait|génial|top|nice|got it|compris|👍|🙏|❤️)[\s!.👍🙏❤️]*$/iu;

/** A short thank-you or acknowledgement, which needs no answer. */
export function isAcknowledgement(text: string): boolean {
  return ACKNOWLEDGEMENT.test(text.trim());
}
