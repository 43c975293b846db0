/**
 * The emulator's own state of the world: users, guilds, channels and messages, and the API objects Discord
 * would send for them. Only the fields discord.js reads are filled in.
 */

const DISCORD_EPOCH = 1420070400000n;
let lastSnowflake = 0n;

/** Ids shaped like Discord's: time in the high bits, so they sort by creation and shard routing works. */
export function snowflake(): string {
  let next = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
  if (next <= lastSnowflake) next = lastSnowflake + 1n;
  lastSnowflake = next;
  return next.toString();
}

/** An id whose guild lands on the given shard: tests place guilds on shards deliberately. */
export function snowflakeOnShard(shard: number, shardCount: number): string {
  let candidate = BigInt(snowflake());
  while (Number((candidate >> 22n) % BigInt(shardCount)) !== shard) candidate += 1n << 22n;
  if (candidate > lastSnowflake) lastSnowflake = candidate;
  return candidate.toString();
}

export const ChannelKind = { GuildText: 0, DM: 1, GroupDM: 3, PublicThread: 11, GuildForum: 15 } as const;

/** Permission bits the emulator uses (https://discord.com/developers/docs/topics/permissions). */
export const Permission = {
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  ManageGuild: 1n << 5n,
  Administrator: 1n << 3n,
  ManageThreads: 1n << 34n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
} as const;

export const MEMBER_PERMISSIONS = Permission.ViewChannel | Permission.SendMessages | Permission.ReadMessageHistory | Permission.SendMessagesInThreads;

export interface User {
  id: string;
  username: string;
  bot: boolean;
}

export interface Member {
  user: User;
  roles: string[];
  permissions: bigint;
  joinedAt: string;
}

/** A tag a forum defines, which its posts may carry (https://discord.com/developers/docs/resources/channel#forum-tag-object). */
export interface ForumTag {
  id: string;
  name: string;
  /** Only members with Manage Threads may apply it. */
  moderated: boolean;
}

export interface Channel {
  id: string;
  /** '' for a private channel (a DM with the bot, or a DM or group DM where only a user-installed app's interactions reach it). */
  guildId: string;
  type: number;
  name: string;
  parentId?: string;
  ownerId?: string;
  /** A DM's other person. */
  recipient?: User;
  /** A forum's tags. */
  availableTags?: ForumTag[];
  /** A forum post's tags, by id. */
  appliedTags?: string[];
}

export interface Guild {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: string;
  members: Map<string, Member>;
  channelIds: string[];
}

// Discord's API shapes are loose JSON to the emulator.
export type Json = Record<string, any>;

export interface StoredMessage {
  id: string;
  channelId: string;
  guildId?: string;
  author: User;
  content: string;
  embeds: Json[];
  components: Json[];
  flags: number;
  mentions: User[];
  mentionEveryone: boolean;
  reference?: { message_id: string; channel_id: string; guild_id?: string };
  /** Set when the message is an interaction's response or follow-up. */
  applicationId?: string;
  createdAt: string;
  editedAt?: string;
}

export function apiUser(user: User): Json {
  return { id: user.id, username: user.username, global_name: user.username, discriminator: '0', avatar: null, bot: user.bot, system: false, public_flags: 0, flags: 0 };
}

export function apiMember(member: Member, withUser = true): Json {
  const data: Json = {
    roles: member.roles,
    joined_at: member.joinedAt,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    nick: null,
    avatar: null,
    premium_since: null,
    communication_disabled_until: null,
  };
  if (withUser) data.user = apiUser(member.user);
  return data;
}

export function apiTag(tag: ForumTag): Json {
  return { id: tag.id, name: tag.name, moderated: tag.moderated, emoji_id: null, emoji_name: null };
}

export function apiChannel(channel: Channel): Json {
  // A DM has no guild, name or permissions: its recipient, as POST /users/@me/channels returns it.
  if (channel.type === ChannelKind.DM) return { id: channel.id, type: channel.type, flags: 0, last_message_id: null, recipients: channel.recipient ? [apiUser(channel.recipient)] : [] };
  const data: Json = { id: channel.id, type: channel.type, guild_id: channel.guildId, name: channel.name, position: 0, permission_overwrites: [], nsfw: false, flags: 0 };
  if (channel.type === ChannelKind.GuildText) Object.assign(data, { topic: null, last_message_id: null, rate_limit_per_user: 0, parent_id: null });
  if (channel.type === ChannelKind.GuildForum) {
    Object.assign(data, {
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
      parent_id: null,
      available_tags: (channel.availableTags ?? []).map(apiTag),
      default_reaction_emoji: null,
      default_thread_rate_limit_per_user: 0,
      default_sort_order: null,
      default_forum_layout: 0,
    });
  }
  if (channel.type === ChannelKind.PublicThread) {
    Object.assign(data, {
      parent_id: channel.parentId,
      owner_id: channel.ownerId,
      ...(channel.appliedTags ? { applied_tags: channel.appliedTags } : {}),
      last_message_id: null,
      rate_limit_per_user: 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false, create_timestamp: new Date().toISOString() },
    });
  }
  return data;
}

export function apiMessage(message: StoredMessage, guild: Guild | undefined): Json {
  const data: Json = {
    id: message.id,
    channel_id: message.channelId,
    author: apiUser(message.author),
    content: message.content,
    timestamp: message.createdAt,
    edited_timestamp: message.editedAt ?? null,
    tts: false,
    mention_everyone: message.mentionEveryone,
    mentions: message.mentions.map((user) => {
      const member = guild?.members.get(user.id);
      return member ? { ...apiUser(user), member: apiMember(member, false) } : apiUser(user);
    }),
    mention_roles: [],
    attachments: [],
    embeds: message.embeds,
    components: message.components,
    pinned: false,
    type: message.reference ? 19 : 0,
    flags: message.flags,
  };
  if (message.guildId) data.guild_id = message.guildId;
  const member = guild?.members.get(message.author.id);
  if (member) data.member = apiMember(member, false);
  if (message.reference) data.message_reference = { type: 0, ...message.reference };
  if (message.applicationId) {
    data.application_id = message.applicationId;
    data.webhook_id = message.applicationId;
  }
  return data;
}

export function apiGuild(guild: Guild, channels: Channel[]): Json {
  const everyone = { id: guild.id, name: '@everyone', color: 0, hoist: false, position: 0, permissions: MEMBER_PERMISSIONS.toString(), managed: false, mentionable: false, flags: 0 };
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [everyone],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: guild.preferredLocale,
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    voice_states: [],
    members: [...guild.members.values()].map((m) => apiMember(m)),
    channels: channels.filter((c) => c.type !== ChannelKind.PublicThread).map(apiChannel),
    threads: channels.filter((c) => c.type === ChannelKind.PublicThread).map(apiChannel),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** Which shard receives a guild's events (https://discord.com/developers/docs/topics/gateway#sharding). */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
