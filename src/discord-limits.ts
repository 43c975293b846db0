/**
 * Discord's limits, in one place (https://discord.com/developers/docs/resources/message#create-message,
 * the embed limits, thread names, interaction responses). Every module that sizes something for Discord reads
 * them here; nothing else writes these numbers.
 */

/** Characters of a message's content: also the longest question a member can send, so the engine's limit too. */
export const MESSAGE_MAX = 2000;
export const EMBED_TITLE_MAX = 256;
export const EMBED_DESCRIPTION_MAX = 4096;
export const EMBED_FIELD_NAME_MAX = 256;
export const EMBED_FIELD_VALUE_MAX = 1024;
/** Characters of all the text of one embed (title, description, fields, footer, author) and of all embeds of a message. */
export const EMBED_TOTAL_MAX = 6000;
export const EMBED_FIELDS_MAX = 25;
export const EMBEDS_PER_MESSAGE_MAX = 10;
export const THREAD_NAME_MAX = 100;
/** Tags a forum post may carry at once (https://discord.com/developers/docs/resources/channel#modify-channel-json-params-thread). */
export const THREAD_APPLIED_TAGS_MAX = 5;
/** An interaction not answered (or deferred) within this time is dropped by Discord. */
export const INTERACTION_ACK_MS = 3000;
/** Choices an autocomplete response may hold, and characters of each choice's name and of its value. */
export const AUTOCOMPLETE_CHOICES_MAX = 25;
export const CHOICE_NAME_MAX = 100;
export const CHOICE_VALUE_MAX = 100;
/** Characters of a slash command's or option's name (lowercase, no spaces) and of its description, in every language. */
export const COMMAND_NAME_MAX = 32;
export const COMMAND_DESCRIPTION_MAX = 100;
