import type { Db } from './database.js';

export interface GuildSettings {
  /** Empty: every channel. Otherwise only these channels (and threads under them). */
  allowedChannels: string[];
  answerInThread: boolean;
  /** Undefined: the deployment's default (USER_COOLDOWN_SECONDS). */
  cooldownSeconds?: number;
  /** False: /ask answers only the one who asked (ephemeral). */
  publicReplies: boolean;
}

interface Row {
  allowed_channels: string;
  answer_in_thread: number;
  cooldown_seconds: number | null;
  public_replies: number;
}

export const DEFAULT_SETTINGS: Readonly<GuildSettings> = Object.freeze({ allowedChannels: [], answerInThread: false, publicReplies: true });

/** Read on every question rather than cached, so a change made through one shard holds on every other. */
export class GuildSettingsStore {
  private readonly select;
  private readonly upsert;

  constructor(private readonly db: Db) {
    this.select = db.prepare<[string], Row>('SELECT allowed_channels, answer_in_thread, cooldown_seconds, public_replies FROM guild_settings WHERE guild_id = ?');
    this.upsert = db.prepare(
      `INSERT INTO guild_settings (guild_id, allowed_channels, answer_in_thread, cooldown_seconds, public_replies, updated_at)
       VALUES (@guildId, @allowed, @thread, @cooldown, @public, @now)
       ON CONFLICT (guild_id) DO UPDATE SET allowed_channels = @allowed, answer_in_thread = @thread,
         cooldown_seconds = @cooldown, public_replies = @public, updated_at = @now`,
    );
  }

  get(guildId: string): GuildSettings {
    const row = this.select.get(guildId);
    if (!row) return { ...DEFAULT_SETTINGS, allowedChannels: [] };
    const settings: GuildSettings = {
      allowedChannels: JSON.parse(row.allowed_channels) as string[],
      answerInThread: row.answer_in_thread === 1,
      publicReplies: row.public_replies === 1,
    };
    if (row.cooldown_seconds !== null) settings.cooldownSeconds = row.cooldown_seconds;
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
      cooldown: next.cooldownSeconds ?? null,
      public: next.publicReplies ? 1 : 0,
      now: Date.now(),
    });
    return this.get(guildId);
  }
}
