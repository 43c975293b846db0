import type { Db } from './database.js';

/** What the bot does with a post of its forum that the article cannot answer: a short note, or nothing. */
export type ForumUnanswered = 'note' | 'silent';

export interface GuildSettings {
  /** Empty: every channel. Otherwise only these channels (and threads under them). */
  allowedChannels: string[];
  answerInThread: boolean;
  /** Questions a member may ask in a row (0: no limit). Undefined: the deployment's default (MEMBER_BURST). */
  memberBurst?: number;
  /** False: /ask answers only the one who asked (ephemeral). */
  publicReplies: boolean;
  /** True: links in the bot's messages may be unfolded into previews; false (the default): SuppressEmbeds. */
  linkPreviews: boolean;
  /** The forum whose new posts the bot answers inside the post; undefined: none. */
  forumChannelId?: string;
  forumUnanswered: ForumUnanswered;
}

interface Row {
  allowed_channels: string;
  answer_in_thread: number;
  member_burst: number | null;
  public_replies: number;
  link_previews: number;
  forum_channel_id: string | null;
  forum_unanswered: ForumUnanswered;
}

export const DEFAULT_SETTINGS: Readonly<GuildSettings> = Object.freeze({ allowedChannels: [], answerInThread: false, publicReplies: true, linkPreviews: false, forumUnanswered: 'note' });

/** Read on every question rather than cached, so a change made through one shard holds on every other. */
export class GuildSettingsStore {
  private readonly select;
  private readonly upsert;

  constructor(private readonly db: Db) {
    this.select = db.prepare<[string], Row>(
      'SELECT allowed_channels, answer_in_thread, member_burst, public_replies, link_previews, forum_channel_id, forum_unanswered FROM guild_settings WHERE guild_id = ?',
    );
    this.upsert = db.prepare(
      `INSERT INTO guild_settings (guild_id, allowed_channels, answer_in_thread, member_burst, public_replies, link_previews, forum_channel_id, forum_unanswered, updated_at)
       VALUES (@guildId, @allowed, @thread, @burst, @public, @previews, @forum, @forumUnanswered, @now)
       ON CONFLICT (guild_id) DO UPDATE SET allowed_channels = @allowed, answer_in_thread = @thread,
         member_burst = @burst, public_replies = @public, link_previews = @previews,
         forum_channel_id = @forum, forum_unanswered = @forumUnanswered, updated_at = @now`,
    );
  }

  get(guildId: string): GuildSettings {
    const row = this.select.get(guildId);
    if (!row) return { ...DEFAULT_SETTINGS, allowedChannels: [] };
    const settings: GuildSettings = {
      allowedChannels: JSON.parse(row.allowed_channels) as string[],
      answerInThread: row.answer_in_thread === 1,
      publicReplies: row.public_replies === 1,
      linkPreviews: row.link_previews === 1,
      forumUnanswered: row.forum_unanswered,
    };
    if (row.member_burst !== null) settings.memberBurst = row.member_burst;
    if (row.forum_channel_id !== null) settings.forumChannelId = row.forum_channel_id;
    return settings;
  }

  /** Read, change and write in one immediate transaction, so two moderators' changes never overwrite each other. */
  update(guildId: string, change: (current: GuildSettings) => GuildSettings): GuildSettings {
    return this.db.transaction(() => this.write(guildId, change(this.get(guildId)))).immediate();
  }

  private write(guildId: string, next: GuildSettings): GuildSettings {
    this.upsert.run({
      guildId,
      allowed: JSON.stringify([...new Set(next.allowedChannels)]),
      thread: next.answerInThread ? 1 : 0,
      burst: next.memberBurst ?? null,
      public: next.publicReplies ? 1 : 0,
      previews: next.linkPreviews ? 1 : 0,
      forum: next.forumChannelId ?? null,
      forumUnanswered: next.forumUnanswered,
      now: Date.now(),
    });
    return this.get(guildId);
  }
}
