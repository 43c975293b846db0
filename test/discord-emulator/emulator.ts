import { randomBytes } from 'node:crypto';
import { Gateway, type GatewayHooks, type GatewaySession } from './gateway.js';
import { type Pings, pingsOf } from './mentions.js';
import {
  type Channel,
  ChannelKind,
  type ForumTag,
  type Guild,
  type Json,
  MEMBER_PERMISSIONS,
  type Member,
  Permission,
  type StoredMessage,
  type User,
  apiChannel,
  apiGuild,
  apiMember,
  apiMessage,
  apiUser,
  shardOf,
  snowflake,
  snowflakeOnShard,
} from './model.js';
import { type RecordedRequest, type Reply, type RestFault, RestServer } from './rest.js';
import { dmChannelBodyError, messageBodyError, threadEditError } from './validate.js';

export interface EmulatorOptions {
  token?: string;
  /** The shard count GET /gateway/bot recommends. */
  recommendedShards?: number;
  /** session_start_limit.max_concurrency: how many shards may identify at once. */
  maxConcurrency?: number;
  heartbeatIntervalMs?: number;
  /** Discord's window to acknowledge an interaction; later callbacks get 404 Unknown interaction. */
  interactionAckWindowMs?: number;
}

export interface Interaction {
  id: string;
  token: string;
  kind: 'command' | 'component' | 'autocomplete';
  /** '' outside a guild (a user-installed app in a DM or group DM). */
  guildId: string;
  channelId: string;
  user: User;
  dispatchedAt: number;
  ackAt?: number;
  /** The callback type the bot answered with (4 reply, 5 deferred, 6 deferred update, 7 update). */
  responseType?: number;
  ephemeral: boolean;
  originalId?: string;
  followupIds: string[];
  /** For a button click: the message the button is under. */
  messageId?: string;
}

/** A request that put message text on Discord, with what it would notify. */
export interface MessageWrite {
  request: RecordedRequest;
  body: Json;
  pings: Pings;
}

const MESSAGE_CONTENT_INTENT = 1 << 15;
/** Messages in DMs reach only a session that asked for them. */
const DIRECT_MESSAGES_INTENT = 1 << 12;
/** "Do not include any embeds when serializing this message": no link previews, and none of the sender's own embeds. */
const SUPPRESS_EMBEDS = 1 << 2;
const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;
const BOT_PERMISSIONS = MEMBER_PERMISSIONS | Permission.EmbedLinks | Permission.CreatePublicThreads | Permission.ManageThreads;

/**
 * A Discord of its own on loopback: REST (node:http) and a JSON gateway (ws), enough for a real discord.js client.
 * Tests drive it (members post messages, write to the bot in DMs, open forum posts, run commands, click buttons) and
 * read what the bot sent from `requests`.
 * Faults for load and resilience tests: `failRest` (429 with retry_after, 500), `rest.beforeReply` (latency),
 * `gateway.drop` (close codes, 1006), `gateway.hooks.ackHeartbeats` (missed heartbeats), `gateway.reconnect`.
 */
export class DiscordEmulator {
  readonly token: string;
  readonly applicationId = snowflake();
  readonly botUser: User;
  readonly rest = new RestServer();
  readonly gateway: Gateway;
  readonly guilds = new Map<string, Guild>();
  readonly channels = new Map<string, Channel>();
  readonly users = new Map<string, User>();
  readonly messages = new Map<string, StoredMessage>();
  readonly interactions = new Map<string, Interaction>();
  /** Commands registered through PUT, by scope ("global" or a guild id). */
  readonly commands = new Map<string, Json[]>();
  recommendedShards: number;
  maxConcurrency: number;
  // Indexes so that a load test's checks stay cheap with thousands of messages.
  private readonly byChannel = new Map<string, string[]>();
  private readonly byReference = new Map<string, string[]>();
  private readonly byInteractionToken = new Map<string, Interaction>();
  /** Each user's DM channel with the bot: there is one per user, as on Discord. */
  private readonly dmByUser = new Map<string, Channel>();
  interactionAckWindowMs: number;

  private constructor(options: EmulatorOptions) {
    this.token = options.token ?? `${Buffer.from(this.applicationId).toString('base64url')}.emulat.${randomBytes(20).toString('base64url')}`;
    this.botUser = { id: this.applicationId, username: 'ArticleBot', bot: true };
    this.users.set(this.botUser.id, this.botUser);
    this.recommendedShards = options.recommendedShards ?? 1;
    this.maxConcurrency = options.maxConcurrency ?? 16;
    this.interactionAckWindowMs = options.interactionAckWindowMs ?? 3000;
    const hooks: GatewayHooks = { ackHeartbeats: true, heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250 };
    this.gateway = new Gateway(
      {
        tokenValid: (token) => token === this.token,
        readyPayload: (session) => this.readyPayload(session),
        guildCreates: (shard) => [...this.guilds.values()].filter((g) => shardOf(g.id, shard[1]) === shard[0]).map((g) => this.guildPayload(g)),
      },
      hooks,
    );
    this.routes();
  }

  static async start(options: EmulatorOptions = {}): Promise<DiscordEmulator> {
    const emulator = new DiscordEmulator(options);
    await emulator.gateway.start();
    await emulator.rest.start();
    return emulator;
  }

  /** The REST base to hand discord.js as `rest.api` (or DISCORD_API_URL). */
  get apiUrl(): string {
    return this.rest.url;
  }

  get requests(): readonly RecordedRequest[] {
    return this.rest.requests;
  }

  async stop(): Promise<void> {
    await this.gateway.stop();
    await this.rest.stop();
  }

  // ── The world ────────────────────────────────────────────────────────────────────────────────────────────

  createUser(username: string, options: { bot?: boolean } = {}): User {
    const user = { id: snowflake(), username, bot: options.bot ?? false };
    this.users.set(user.id, user);
    return user;
  }

  /** A guild with text channels and the bot in it; `shard` places it on a shard of a sharded bot. */
  createGuild(options: { name?: string; channels?: string[]; preferredLocale?: string; shard?: [number, number] } = {}): { guild: Guild; channels: Channel[] } {
    const id = options.shard ? snowflakeOnShard(...options.shard) : snowflake();
    const owner = this.createUser(`owner-${id.slice(-4)}`);
    const guild: Guild = { id, name: options.name ?? `Guild ${id.slice(-4)}`, ownerId: owner.id, preferredLocale: options.preferredLocale ?? 'en-US', members: new Map(), channelIds: [] };
    this.guilds.set(id, guild);
    this.addMember(id, this.botUser, BOT_PERMISSIONS);
    this.addMember(id, owner, Permission.Administrator | MEMBER_PERMISSIONS);
    const channels = (options.channels ?? ['general']).map((name) => this.addChannel(guild, { id: snowflake(), guildId: id, type: ChannelKind.GuildText, name }));
    // A guild created while the bot is connected reaches it as the bot joining.
    this.gateway.dispatch('GUILD_CREATE', this.guildPayload(guild), (shard) => shardOf(id, shard[1]) === shard[0]);
    return { guild, channels };
  }

  addMember(guildId: string, user: User, permissions: bigint = MEMBER_PERMISSIONS): Member {
    const member: Member = { user, roles: [], permissions, joinedAt: new Date().toISOString() };
    this.guild(guildId).members.set(user.id, member);
    return member;
  }

  /**
   * A member of the guild writes in a channel, or a user in their DM with the bot (dmChannel): mentions in the
   * text (<@id>) are resolved as Discord does.
   */
  postMessage(options: { channelId: string; author: User; content: string; id?: string }): StoredMessage {
    const channel = this.channel(options.channelId);
    if (channel.type === ChannelKind.DM && channel.recipient?.id !== options.author.id) throw new Error(`${options.author.username} is not in DM ${channel.id}`);
    const member = channel.type === ChannelKind.DM ? undefined : this.guild(channel.guildId).members.get(options.author.id);
    const mentioned = [...options.content.matchAll(/<@!?(\d+)>/g)].map((m) => this.users.get(m[1]!)).filter((u): u is User => u !== undefined);
    const canPingEveryone = member ? (member.permissions & (Permission.MentionEveryone | Permission.Administrator)) !== 0n : false;
    return this.storeMessage({
      channelId: channel.id,
      author: options.author,
      body: { content: options.content },
      mentions: [...new Map(mentioned.map((u) => [u.id, u])).values()],
      mentionEveryone: canPingEveryone && /@(everyone|here)\b/.test(options.content),
      ...(options.id ? { id: options.id } : {}),
    });
  }

  /** The user's DM channel with the bot, opened the first time (as the user's client or POST /users/@me/channels does). */
  dmChannel(user: User): Channel {
    const existing = this.dmByUser.get(user.id);
    if (existing) return existing;
    const channel: Channel = { id: snowflake(), guildId: '', type: ChannelKind.DM, name: '', recipient: user };
    this.channels.set(channel.id, channel);
    this.dmByUser.set(user.id, channel);
    return channel;
  }

  /**
   * A forum channel (type 15) in a guild, with the tags its posts may carry; the bot hears of it (CHANNEL_CREATE)
   * when connected, and from GUILD_CREATE otherwise.
   */
  createForum(guildId: string, options: { name?: string; tags?: (string | { name: string; moderated: boolean })[] } = {}): Channel {
    const tags: ForumTag[] = (options.tags ?? []).map((tag) => ({ id: snowflake(), ...(typeof tag === 'string' ? { name: tag, moderated: false } : tag) }));
    if (tags.length > 20) throw new Error('a forum has at most 20 tags');
    const forum = this.addChannel(this.guild(guildId), { id: snowflake(), guildId, type: ChannelKind.GuildForum, name: options.name ?? 'questions', availableTags: tags });
    this.gateway.dispatch('CHANNEL_CREATE', apiChannel(forum), this.toGuildShard(guildId));
    return forum;
  }

  /**
   * A member opens a post in a forum: a thread (type 11) whose first message has the thread's id, as Discord makes
   * them. The bot hears THREAD_CREATE (newly_created), then the first message's MESSAGE_CREATE.
   */
  createForumPost(options: { forumId: string; author: User; title: string; content: string; appliedTags?: string[] }): { thread: Channel; starter: StoredMessage } {
    const forum = this.channel(options.forumId);
    if (forum.type !== ChannelKind.GuildForum) throw new Error(`channel ${forum.id} is not a forum`);
    if (options.title.length < 1 || options.title.length > 100) throw new Error('a post title has 1 to 100 characters');
    if (options.content.length < 1 || options.content.length > 2000) throw new Error('a post message has 1 to 2000 characters');
    const tags = options.appliedTags ?? [];
    if (tags.length > 5 || tags.some((id) => !forum.availableTags?.some((tag) => tag.id === id))) throw new Error('a post carries at most 5 of its forum’s tags');
    const guild = this.guild(forum.guildId);
    if (!guild.members.has(options.author.id)) this.addMember(guild.id, options.author);
    const thread = this.addChannel(guild, { id: snowflake(), guildId: guild.id, type: ChannelKind.PublicThread, name: options.title, parentId: forum.id, ownerId: options.author.id, appliedTags: [...tags] });
    this.gateway.dispatch('THREAD_CREATE', { ...apiChannel(thread), newly_created: true }, this.toGuildShard(guild.id));
    const starter = this.postMessage({ channelId: thread.id, author: options.author, content: options.content, id: thread.id });
    return { thread, starter };
  }

  /**
   * Delivers a post's two events again, as a session resumed from an older point, or a second process serving the
   * guild, would receive them: the bot must not answer the post a second time.
   */
  redeliverForumPost(threadId: string): void {
    const thread = this.channel(threadId);
    this.gateway.dispatch('THREAD_CREATE', { ...apiChannel(thread), newly_created: true }, this.toGuildShard(thread.guildId));
    this.dispatchMessage('MESSAGE_CREATE', this.message(threadId));
  }

  /** A member runs a slash command; `options` are the API's option objects (subcommands nest theirs). */
  runCommand(options: { channelId: string; user: User; name: string; options?: Json[]; locale?: string; withoutChannelObject?: boolean }): Interaction {
    const channel = this.channel(options.channelId);
    const registered = [...this.commands.values()].flat().find((c) => c.name === options.name);
    const resolvedChannels = Object.fromEntries(
      flattenOptions(options.options ?? [])
        .filter((o) => o.type === 7)
        .map((o) => [o.value, { ...apiChannel(this.channel(String(o.value))), permissions: BOT_PERMISSIONS.toString() }]),
    );
    const data: Json = { id: registered?.id ?? snowflake(), name: options.name, type: 1, guild_id: channel.guildId, options: options.options ?? [] };
    if (Object.keys(resolvedChannels).length > 0) data.resolved = { channels: resolvedChannels };
    // Without the channel object (only channel_id), discord.js gives the interaction a null channelId, as it did
    // with an independent Discord-compatible server.
    const payload: Json = options.withoutChannelObject ? { type: 2, data, channel: undefined } : { type: 2, data };
    return this.dispatchInteraction(channel, options.user, 'command', payload, options.locale);
  }

  /** A member picks a message command in the Apps menu of a message (the message is sent resolved, as Discord does). */
  runMessageCommand(options: { messageId: string; user: User; name: string; locale?: string }): Interaction {
    const message = this.message(options.messageId);
    const channel = this.channel(message.channelId);
    const registered = [...this.commands.values()].flat().find((c) => c.name === options.name);
    const data: Json = {
      id: registered?.id ?? snowflake(),
      name: options.name,
      type: 3,
      guild_id: channel.guildId,
      target_id: message.id,
      resolved: { messages: { [message.id]: apiMessage(message, this.guilds.get(channel.guildId)) } },
    };
    return this.dispatchInteraction(channel, options.user, 'command', { type: 2, data }, options.locale);
  }

  /**
   * A user who installed the app runs a command outside any server the bot is in: in their DM with the bot
   * (context 1) or in a DM or group DM between people (context 2). No guild, no member: Discord sends `user` and
   * the private channel, and the app may only answer through the interaction.
   */
  runUserCommand(options: { user: User; name: string; options?: Json[]; locale?: string; context: 1 | 2 }): Interaction {
    const channel = options.context === 1 ? this.dmChannel(options.user) : this.addPrivateChannel();
    const registered = [...this.commands.values()].flat().find((c) => c.name === options.name);
    const data: Json = { id: registered?.id ?? snowflake(), name: options.name, type: 1, options: options.options ?? [] };
    return this.dispatchInteraction(channel, options.user, 'command', { type: 2, data }, options.locale, options.context);
  }

  /**
   * A member types in a command's option that has autocomplete: Discord sends what is typed so far as the
   * focused option (interaction type 4), and the bot answers with choices (callback type 8).
   */
  autocomplete(options: { channelId: string; user: User; name: string; option: string; typed: string; locale?: string }): Interaction {
    const channel = this.channel(options.channelId);
    const registered = [...this.commands.values()].flat().find((c) => c.name === options.name);
    const data: Json = { id: registered?.id ?? snowflake(), name: options.name, type: 1, guild_id: channel.guildId, options: [{ type: 3, name: options.option, value: options.typed, focused: true }] };
    return this.dispatchInteraction(channel, options.user, 'autocomplete', { type: 4, data }, options.locale);
  }

  /**
   * A member clicks a button under a message the bot sent. `channelId` sends the click from another channel (of
   * any guild) with the same custom id, as a client that forges interactions could.
   */
  clickButton(options: { messageId: string; customId: string; user: User; locale?: string; channelId?: string }): Interaction {
    const message = this.message(options.messageId);
    const channel = this.channel(options.channelId ?? message.channelId);
    // A click in a DM comes in its DM context (1), one in a DM or group DM between people in context 2.
    const context = channel.guildId ? 0 : channel.type === ChannelKind.DM ? 1 : 2;
    const interaction = this.dispatchInteraction(channel, options.user, 'component', { type: 3, data: { custom_id: options.customId, component_type: 2 }, message: apiMessage(message, this.guilds.get(channel.guildId)) }, options.locale, context);
    interaction.messageId = message.id;
    return interaction;
  }

  // ── What tests read ──────────────────────────────────────────────────────────────────────────────────────

  /** The sequence number of the last request so far: pass it as `after` to look only at what follows. */
  mark(): number {
    return this.rest.requests.length;
  }

  requestsAfter(after: number, predicate: (request: RecordedRequest) => boolean = () => true): RecordedRequest[] {
    return this.rest.requests.slice(after).filter(predicate);
  }

  /** Resolves with the first request after `after` that matches, waiting for it if needed. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, options: { after?: number; timeoutMs?: number } = {}): Promise<RecordedRequest> {
    const after = options.after ?? 0;
    const found = this.requestsAfter(after, predicate)[0];
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`no matching request within ${options.timeoutMs ?? 5000} ms`));
      }, options.timeoutMs ?? 5000);
      const unsubscribe = this.rest.onRequest((request) => {
        if (request.seq <= after || !predicate(request)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(request);
      });
    });
  }

  /** Every request that wrote message text (sends, replies, edits, interaction responses), with its notifications. */
  messageWrites(after = 0): MessageWrite[] {
    return this.requestsAfter(after).flatMap((request): MessageWrite[] => {
      const body = writtenBody(request);
      if (!body || request.status >= 400) return [];
      const referenced = body.message_reference ? this.messages.get(String(body.message_reference.message_id)) : undefined;
      return [{ request, body, pings: pingsOf(String(body.content ?? ''), body.allowed_mentions, referenced?.author.id) }];
    });
  }

  messagesIn(channelId: string): StoredMessage[] {
    return this.existing(this.byChannel.get(channelId));
  }

  /** The messages that reply to a message (the bot's answers to a question). */
  repliesTo(messageId: string): StoredMessage[] {
    return this.existing(this.byReference.get(messageId));
  }

  private existing(ids: string[] | undefined): StoredMessage[] {
    return (ids ?? []).map((id) => this.messages.get(id)).filter((m): m is StoredMessage => m !== undefined);
  }

  original(interaction: Interaction): StoredMessage | undefined {
    return interaction.originalId ? this.messages.get(interaction.originalId) : undefined;
  }

  followups(interaction: Interaction): StoredMessage[] {
    return interaction.followupIds.map((id) => this.message(id));
  }

  /** Resolves when the check returns something, re-checking after every request (and every 10 ms). */
  async until<T>(check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined && value !== false) return value;
      if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 10);
        const unsubscribe = this.rest.onRequest(done);
        function done() {
          clearTimeout(timer);
          unsubscribe();
          resolve();
        }
      });
    }
  }

  /** The next `times` requests that match get `reply` instead: 429 with retry_after, 500, or anything else. */
  failRest(match: (request: RecordedRequest) => boolean, reply: Reply, times = 1): RestFault {
    const fault = { match, reply, times };
    this.rest.faults.push(fault);
    return fault;
  }

  /** A 429 as Discord sends it: retry_after in the body and the Retry-After header, in seconds. */
  static rateLimited(retryAfterSeconds: number, global = false): Reply {
    const headers: Record<string, string> = { 'retry-after': String(retryAfterSeconds), 'x-ratelimit-scope': global ? 'global' : 'user' };
    if (global) headers['x-ratelimit-global'] = 'true';
    return { status: 429, body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global }, headers };
  }

  // ── Internals ────────────────────────────────────────────────────────────────────────────────────────────

  private guild(id: string): Guild {
    const guild = this.guilds.get(id);
    if (!guild) throw new Error(`unknown guild ${id}`);
    return guild;
  }

  private channel(id: string): Channel {
    const channel = this.channels.get(id);
    if (!channel) throw new Error(`unknown channel ${id}`);
    return channel;
  }

  private message(id: string): StoredMessage {
    const message = this.messages.get(id);
    if (!message) throw new Error(`unknown message ${id}`);
    return message;
  }

  private addChannel(guild: Guild, channel: Channel): Channel {
    this.channels.set(channel.id, channel);
    guild.channelIds.push(channel.id);
    return channel;
  }

  private readyPayload(session: GatewaySession): Json {
    const guilds = [...this.guilds.values()].filter((g) => shardOf(g.id, session.shard[1]) === session.shard[0]);
    return {
      user: { ...apiUser(this.botUser), verified: true, mfa_enabled: false },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
    };
  }

  private guildPayload(guild: Guild): Json {
    return apiGuild(guild, guild.channelIds.map((id) => this.channel(id)));
  }

  private toGuildShard(guildId: string): (shard: [number, number]) => boolean {
    return (shard) => shardOf(guildId, shard[1]) === shard[0];
  }

  /** Stores a message and, unless it is ephemeral, tells the gateway as Discord does. */
  private storeMessage(options: { channelId: string; author: User; body: Json; mentions?: User[]; mentionEveryone?: boolean; applicationId?: string; flags?: number; id?: string }): StoredMessage {
    const channel = this.channel(options.channelId);
    const message: StoredMessage = {
      id: options.id ?? snowflake(),
      channelId: channel.id,
      guildId: channel.guildId,
      author: options.author,
      content: String(options.body.content ?? ''),
      embeds: options.body.embeds ?? [],
      components: options.body.components ?? [],
      flags: options.flags ?? Number(options.body.flags ?? 0),
      mentions: options.mentions ?? [],
      mentionEveryone: options.mentionEveryone ?? false,
      createdAt: new Date().toISOString(),
    };
    if (options.body.message_reference) message.reference = { message_id: String(options.body.message_reference.message_id), channel_id: channel.id, ...(channel.guildId ? { guild_id: channel.guildId } : {}) };
    if (options.applicationId) message.applicationId = options.applicationId;
    this.messages.set(message.id, message);
    push(this.byChannel, message.channelId, message.id);
    if (message.reference) push(this.byReference, message.reference.message_id, message.id);
    if (!(message.flags & EPHEMERAL)) this.dispatchMessage('MESSAGE_CREATE', message);
    return message;
  }

  private dispatchMessage(event: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', message: StoredMessage): void {
    const channel = this.channel(message.channelId);
    // Discord says what kind of channel a message is in, so a client that has not seen the channel (a DM) can place it.
    const data = { ...apiMessage(message, this.guilds.get(message.guildId ?? '')), channel_type: channel.type };
    if (!message.guildId) {
      // A DM with the bot reaches shard 0 of a bot that asked for DMs, text included (no Message Content needed);
      // the bot is in no other private channel.
      if (channel.type !== ChannelKind.DM) return;
      this.gateway.dispatch(event, data, (shard) => shard[0] === 0, (payload, session) => (session.intents & DIRECT_MESSAGES_INTENT ? payload : undefined));
      return;
    }
    const addressed = message.author.id === this.botUser.id || message.mentions.some((u) => u.id === this.botUser.id);
    // Without the privileged Message Content intent, Discord withholds the text of messages not addressed to the bot.
    const shape = (payload: Json, session: GatewaySession) =>
      session.intents & MESSAGE_CONTENT_INTENT || addressed ? payload : { ...payload, content: '', embeds: [], attachments: [], components: [] };
    this.gateway.dispatch(event, data, this.toGuildShard(message.guildId), shape);
  }

  private updateMessage(message: StoredMessage, body: Json): StoredMessage {
    if (body.content !== undefined) message.content = String(body.content ?? '');
    if (body.embeds !== undefined) message.embeds = body.embeds ?? [];
    if (body.components !== undefined) message.components = body.components ?? [];
    if (body.flags !== undefined) message.flags = (message.flags & ~SUPPRESS_EMBEDS) | (Number(body.flags ?? 0) & SUPPRESS_EMBEDS);
    message.flags &= ~LOADING;
    message.editedAt = new Date().toISOString();
    if (!(message.flags & EPHEMERAL)) this.dispatchMessage('MESSAGE_UPDATE', message);
    return message;
  }

  /** A new interaction with its token, recorded so its callback, edits and follow-ups can be found. */
  private openInteraction(kind: Interaction['kind'], guildId: string, channelId: string, user: User): Interaction {
    const interaction: Interaction = { id: snowflake(), token: `aW50ZXJhY3Rpb24${randomBytes(24).toString('base64url')}`, kind, guildId, channelId, user, dispatchedAt: performance.now(), ephemeral: false, followupIds: [] };
    this.interactions.set(interaction.id, interaction);
    this.byInteractionToken.set(interaction.token, interaction);
    return interaction;
  }

  private dispatchInteraction(channel: Channel, user: User, kind: Interaction['kind'], payload: Json, locale = 'en-US', context: 0 | 1 | 2 = 0): Interaction {
    if (context !== 0) return this.dispatchPrivateInteraction(channel, user, kind, payload, locale, context);
    const guild = this.guild(channel.guildId);
    const member = guild.members.get(user.id) ?? this.addMember(guild.id, user);
    const interaction = this.openInteraction(kind, guild.id, channel.id, user);
    this.gateway.dispatch(
      'INTERACTION_CREATE',
      {
        ...payload,
        id: interaction.id,
        application_id: this.applicationId,
        token: interaction.token,
        version: 1,
        guild_id: guild.id,
        guild: { id: guild.id, locale: guild.preferredLocale, features: [] },
        channel_id: channel.id,
        channel: apiChannel(channel),
        ...('channel' in payload ? { channel: payload.channel } : {}),
        member: { ...apiMember(member), permissions: member.permissions.toString() },
        app_permissions: BOT_PERMISSIONS.toString(),
        locale,
        guild_locale: guild.preferredLocale,
        entitlements: [],
        authorizing_integration_owners: { '0': guild.id },
        context: 0,
        attachment_size_limit: 10_485_760,
      },
      this.toGuildShard(guild.id),
    );
    return interaction;
  }

  /** An interaction from a user-installed app outside a guild: the user instead of a member, the app installed by the user. */
  private dispatchPrivateInteraction(channel: Channel, user: User, kind: Interaction['kind'], payload: Json, locale: string, context: 1 | 2): Interaction {
    const interaction = this.openInteraction(kind, '', channel.id, user);
    const recipients = context === 1 ? [apiUser(user)] : [apiUser(user), apiUser(this.createUser('friend'))];
    this.gateway.dispatch(
      'INTERACTION_CREATE',
      {
        ...payload,
        id: interaction.id,
        application_id: this.applicationId,
        token: interaction.token,
        version: 1,
        channel_id: channel.id,
        channel: { id: channel.id, type: channel.type, flags: 0, last_message_id: null, recipients, ...(channel.type === ChannelKind.GroupDM ? { name: null, owner_id: user.id, icon: null } : {}) },
        user: apiUser(user),
        app_permissions: (Permission.ViewChannel | Permission.SendMessages | Permission.EmbedLinks).toString(),
        locale,
        entitlements: [],
        authorizing_integration_owners: { '1': user.id },
        context,
        attachment_size_limit: 10_485_760,
      },
      (shard) => shard[0] === 0,
    );
    return interaction;
  }

  private authorized(request: RecordedRequest): boolean {
    return request.headers.authorization === `Bot ${this.token}`;
  }

  private routes(): void {
    const rest = this.rest;
    const unauthorized: Reply = { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    const authed = (handler: (request: RecordedRequest, params: string[]) => Reply | Promise<Reply>) => (request: RecordedRequest, params: string[]) =>
      this.authorized(request) ? handler(request, params) : unauthorized;
    const unknown = (what: string, code: number): Reply => ({ status: 404, body: { message: `Unknown ${what}`, code } });
    const bad = (error: { code: number; message: string }): Reply => ({ status: 400, body: error });

    rest.route('GET', /^\/gateway\/bot$/, authed(() => ({
      status: 200,
      body: { url: this.gateway.url, shards: this.recommendedShards, session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: this.maxConcurrency } },
    })));
    rest.route('GET', /^\/gateway$/, () => ({ status: 200, body: { url: this.gateway.url } }));
    rest.route('GET', /^\/users\/@me$/, authed(() => ({ status: 200, body: apiUser(this.botUser) })));
    rest.route('GET', /^\/applications\/@me$/, authed(() => ({ status: 200, body: { id: this.applicationId, name: this.botUser.username, flags: 0, bot_public: true } })));

    const putCommands = (scope: string) => (request: RecordedRequest): Reply => {
      const commands = ((request.body as Json[] | undefined) ?? []).map((c) => ({ ...c, id: snowflake(), application_id: this.applicationId, version: snowflake(), ...(scope === 'global' ? {} : { guild_id: scope }) }));
      this.commands.set(scope, commands);
      return { status: 200, body: commands };
    };
    rest.route('PUT', /^\/applications\/(\d+)\/commands$/, authed((request) => putCommands('global')(request)));
    rest.route('PUT', /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, authed((request, [, guildId]) => putCommands(guildId!)(request)));
    rest.route('GET', /^\/applications\/(\d+)\/commands$/, authed(() => ({ status: 200, body: this.commands.get('global') ?? [] })));
    rest.route('GET', /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, authed((_, [, guildId]) => ({ status: 200, body: this.commands.get(guildId!) ?? [] })));

    rest.route('GET', /^\/channels\/(\d+)$/, authed((_, [id]) => (this.channels.has(id!) ? { status: 200, body: apiChannel(this.channel(id!)) } : unknown('Channel', 10003))));
    rest.route('PATCH', /^\/channels\/(\d+)$/, authed((request, [id]) => this.editChannel(id!, request.body ?? {})));
    rest.route('POST', /^\/users\/@me\/channels$/, authed((request) => {
      const error = dmChannelBodyError(request.body, (id) => this.users.has(id));
      if (error) return error.code === 10013 ? { status: 404, body: error } : bad(error);
      return { status: 200, body: apiChannel(this.dmChannel(this.users.get(String(request.body!.recipient_id))!)) };
    }));
    rest.route('POST', /^\/channels\/(\d+)\/typing$/, authed((_, [id]) => (this.channels.has(id!) ? { status: 204 } : unknown('Channel', 10003))));
    rest.route('GET', /^\/channels\/(\d+)\/messages$/, authed((request, [id]) => {
      const limit = Number(request.query.limit ?? 50);
      const list = this.messagesIn(id!).filter((m) => !(m.flags & EPHEMERAL)).reverse().slice(0, limit);
      return { status: 200, body: list.map((m) => apiMessage(m, this.guilds.get(m.guildId ?? ''))) };
    }));
    rest.route('GET', /^\/channels\/(\d+)\/messages\/(\d+)$/, authed((_, [, id]) => {
      const message = this.messages.get(id!);
      return message ? { status: 200, body: apiMessage(message, this.guilds.get(message.guildId ?? '')) } : unknown('Message', 10008);
    }));
    rest.route('POST', /^\/channels\/(\d+)\/messages$/, authed((request, [channelId]) => {
      if (!this.channels.has(channelId!)) return unknown('Channel', 10003);
      const body = request.body ?? {};
      const error = messageBodyError(body);
      if (error) return bad(error);
      if (body.message_reference && !this.messages.has(String(body.message_reference.message_id))) return bad({ code: 50035, message: 'Invalid Form Body: message_reference: Unknown message' });
      // Of the flags a message may be sent with, SuppressEmbeds is the one the bot uses.
      const message = this.storeMessage({ channelId: channelId!, author: this.botUser, body, flags: Number(body.flags ?? 0) & SUPPRESS_EMBEDS });
      return { status: 200, body: apiMessage(message, this.guilds.get(message.guildId ?? '')) };
    }));
    rest.route('PATCH', /^\/channels\/(\d+)\/messages\/(\d+)$/, authed((request, [, id]) => {
      const message = this.messages.get(id!);
      if (!message) return unknown('Message', 10008);
      if (message.author.id !== this.botUser.id) return { status: 403, body: { message: 'Cannot edit a message authored by another user', code: 50005 } };
      const error = messageBodyError(request.body ?? {}, { edit: true });
      if (error) return bad(error);
      return { status: 200, body: apiMessage(this.updateMessage(message, request.body ?? {}), this.guilds.get(message.guildId ?? '')) };
    }));
    rest.route('DELETE', /^\/channels\/(\d+)\/messages\/(\d+)$/, authed((_, [, id]) => (this.messages.delete(id!) ? { status: 204 } : unknown('Message', 10008))));
    rest.route('POST', /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/, authed((request, [channelId, messageId]) => this.startThread(channelId!, messageId!, request.body ?? {})));

    rest.route('POST', /^\/interactions\/(\d+)\/([^/]+)\/callback$/, (request, [id, token]) => this.interactionCallback(request, id!, token!));
    rest.route('GET', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/, (_, [, token, which]) => {
      const message = this.webhookMessage(token!, which!);
      return message ? { status: 200, body: apiMessage(message, this.guilds.get(message.guildId ?? '')) } : unknown('Message', 10008);
    });
    rest.route('PATCH', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/, (request, [, token, which]) => {
      const message = this.webhookMessage(token!, which!);
      if (!message) return unknown('Message', 10008);
      const error = messageBodyError(request.body ?? {}, { edit: true });
      if (error) return bad(error);
      return { status: 200, body: apiMessage(this.updateMessage(message, request.body ?? {}), this.guilds.get(message.guildId ?? '')) };
    });
    rest.route('DELETE', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/, (_, [, token, which]) => {
      const message = this.webhookMessage(token!, which!);
      return message && this.messages.delete(message.id) ? { status: 204 } : unknown('Message', 10008);
    });
    rest.route('POST', /^\/webhooks\/(\d+)\/([^/]+)$/, (request, [, token]) => {
      const interaction = this.byToken(token!);
      if (!interaction?.responseType) return unknown('Webhook', 10015);
      const body = request.body ?? {};
      const error = messageBodyError(body);
      if (error) return bad(error);
      const message = this.storeMessage({ channelId: interaction.channelId, author: this.botUser, body, applicationId: this.applicationId });
      interaction.followupIds.push(message.id);
      return { status: 200, body: apiMessage(message, this.guilds.get(message.guildId ?? '')) };
    });
  }

  private byToken(token: string): Interaction | undefined {
    return this.byInteractionToken.get(token);
  }

  private webhookMessage(token: string, which: string): StoredMessage | undefined {
    const interaction = this.byToken(token);
    if (!interaction) return undefined;
    const id = which === '@original' ? interaction.originalId : which;
    return id && (id === interaction.originalId || interaction.followupIds.includes(id)) ? this.messages.get(id) : undefined;
  }

  private interactionCallback(request: RecordedRequest, id: string, token: string): Reply {
    const interaction = this.interactions.get(id);
    if (!interaction || interaction.token !== token) return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
    if (interaction.responseType) return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
    if (request.at - interaction.dispatchedAt > this.interactionAckWindowMs) return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
    const body = request.body ?? {};
    const data: Json = body.data ?? {};
    const flags = Number(data.flags ?? 0);
    if (body.type === 4 || body.type === 7) {
      const error = messageBodyError(data, { edit: body.type === 7 });
      if (error) return { status: 400, body: error };
    }
    if ((body.type === 8) !== (interaction.kind === 'autocomplete')) return { status: 400, body: { message: 'Invalid Form Body: type: Interaction response type does not fit this interaction', code: 50035 } };
    if (body.type === 8) {
      const error = choicesError(data.choices);
      if (error) return { status: 400, body: error };
    }
    interaction.ackAt = request.at;
    interaction.responseType = body.type;
    interaction.ephemeral = (flags & EPHEMERAL) !== 0;
    let message: StoredMessage | undefined;
    if (body.type === 4 || body.type === 5) {
      message = this.storeMessage({
        channelId: interaction.channelId,
        author: this.botUser,
        body: body.type === 4 ? data : { content: '' },
        applicationId: this.applicationId,
        flags: body.type === 5 ? flags | LOADING : flags,
      });
      interaction.originalId = message.id;
    } else if (body.type === 7) {
      const clicked = interaction.messageId ? this.messages.get(interaction.messageId) : undefined;
      if (clicked) message = this.updateMessage(clicked, data);
    }
    if (request.query.with_response !== 'true') return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: { id, type: { command: 2, component: 3, autocomplete: 4 }[interaction.kind], response_message_id: message?.id, response_message_loading: body.type === 5, response_message_ephemeral: interaction.ephemeral },
        resource: { type: body.type, message: message ? apiMessage(message, this.guilds.get(message.guildId ?? '')) : undefined },
      },
    };
  }

  /** PATCH /channels/:id on a thread: its name, and a forum post's tags; THREAD_UPDATE tells the guild. */
  private editChannel(id: string, body: Json): Reply {
    const thread = this.channels.get(id);
    if (!thread) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
    if (thread.type !== ChannelKind.PublicThread) return { status: 400, body: { message: 'Cannot execute action on this channel type', code: 50024 } };
    const bot = this.guild(thread.guildId).members.get(this.botUser.id);
    const canManageThreads = bot !== undefined && (bot.permissions & (Permission.ManageThreads | Permission.Administrator)) !== 0n;
    const error = threadEditError(body, thread, thread.parentId ? this.channels.get(thread.parentId) : undefined, { id: this.botUser.id, canManageThreads });
    if (error) return { status: error.status, body: { message: error.message, code: error.code } };
    if (body.name !== undefined) thread.name = String(body.name);
    if (body.applied_tags !== undefined) thread.appliedTags = [...(body.applied_tags as string[])];
    this.gateway.dispatch('THREAD_UPDATE', apiChannel(thread), this.toGuildShard(thread.guildId));
    return { status: 200, body: apiChannel(thread) };
  }

  /** A DM or group DM between people, where only a user-installed app's commands reach the bot. */
  private addPrivateChannel(): Channel {
    const channel: Channel = { id: snowflake(), guildId: '', type: ChannelKind.GroupDM, name: '' };
    this.channels.set(channel.id, channel);
    return channel;
  }

  private startThread(channelId: string, messageId: string, body: Json): Reply {
    const parent = this.channels.get(channelId);
    const message = this.messages.get(messageId);
    if (!parent || !message) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    if (parent.type !== ChannelKind.GuildText) return { status: 400, body: { message: 'Cannot execute action on this channel type', code: 50024 } };
    const name = String(body.name ?? '');
    if (name.length < 1 || name.length > 100) return { status: 400, body: { code: 50035, message: 'Invalid Form Body: name: Must be between 1 and 100 in length.' } };
    if (this.channels.has(messageId)) return { status: 400, body: { message: 'A thread has already been created for this message', code: 160004 } };
    // Discord gives a thread started from a message the message's id.
    const thread = this.addChannel(this.guild(parent.guildId), { id: messageId, guildId: parent.guildId, type: ChannelKind.PublicThread, name, parentId: parent.id, ownerId: this.botUser.id });
    this.gateway.dispatch('THREAD_CREATE', { ...apiChannel(thread), newly_created: true }, this.toGuildShard(parent.guildId));
    return { status: 201, body: apiChannel(thread) };
  }
}

/** The message body a request wrote, if it wrote one. */
function writtenBody(request: RecordedRequest): Json | undefined {
  const { method, path, body } = request;
  if (!body) return undefined;
  if (/^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return body.type === 4 || body.type === 7 ? (body.data ?? {}) : undefined;
  if (method === 'POST' && /^\/channels\/\d+\/messages$/.test(path)) return body;
  if (method === 'PATCH' && /^\/channels\/\d+\/messages\/\d+$/.test(path)) return body;
  if (/^\/webhooks\/\d+\/[^/]+(\/messages\/(@original|\d+))?$/.test(path) && (method === 'POST' || method === 'PATCH')) return body;
  return undefined;
}

/** What Discord says about an autocomplete response's choices: at most 25, each name and value 1–100 characters. */
function choicesError(choices: unknown): { code: number; message: string } | undefined {
  if (!Array.isArray(choices)) return { code: 50035, message: 'Invalid Form Body: data.choices: This field is required' };
  if (choices.length > 25) return { code: 50035, message: 'Invalid Form Body: data.choices: Must be 25 or fewer in length.' };
  const bad = choices.findIndex((c: Json) => !(String(c?.name ?? '').length >= 1 && String(c.name).length <= 100 && String(c?.value ?? '').length >= 1 && String(c.value).length <= 100));
  return bad === -1 ? undefined : { code: 50035, message: `Invalid Form Body: data.choices.${bad}: name and value must be between 1 and 100 in length.` };
}

function push(index: Map<string, string[]>, key: string, id: string): void {
  const list = index.get(key);
  if (list) list.push(id);
  else index.set(key, [id]);
}

function flattenOptions(options: Json[]): Json[] {
  return options.flatMap((o) => [o, ...flattenOptions(o.options ?? [])]);
}
