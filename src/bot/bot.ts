/** The Discord front end assembled: the client, its event handlers and the context they share (engine, state, limiter). */
import { once } from 'node:events';
import { Client, type ClientOptions, Events, GatewayIntentBits, Partials } from 'discord.js';
import type { Engine } from '../answer/engine.js';
import type { Language } from '../corpus/article.js';
import type { Logger } from '../log.js';
import { AnswerService } from './answers.js';
import type { BotConfig } from '../config/bot.js';
import type { BotContext } from './context.js';
import { events } from './events/index.js';
import { RateLimiter } from './rate-limiter.js';
import { NO_MENTIONS } from './render.js';
import { BotState } from './state/index.js';

export interface RunningBot {
  client: Client<true>;
  ctx: BotContext;
  /**
   * Answers no new question, lets those in flight finish for up to `graceMs`, then closes the gateway and the
   * database. Resolves with how many answers were cut short.
   */
  stop(options?: { graceMs?: number }): Promise<{ abandoned: number }>;
  /**
   * Resolves when discord.js gives up on a shard (a close code no retry mends: 4004, 4010–4014): the process then
   * hears nothing from Discord on it, and only a fresh start can tell whether the cause is gone.
   */
  closedForGood: Promise<{ shard: number; code: number }>;
}

function clientOptions(config: BotConfig, overrides: Partial<ClientOptions> = {}): ClientOptions {
  return {
    // Message Content is privileged: it must be switched on in the Developer Portal, or mentions and forum posts
    // arrive empty (a DM's text comes without it). Guilds also brings threads, forum posts among them.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent, GatewayIntentBits.DirectMessages],
    // A DM channel is in no cache when its first message arrives: without this, discord.js drops DMs unheard.
    partials: [Partials.Channel],
    // The default for every message; each send sets it again so no path depends on this one.
    allowedMentions: NO_MENTIONS,
    ...(config.apiUrl ? { rest: { api: config.apiUrl } } : {}),
    ...overrides,
  };
}

/** Connects to Discord and serves questions until stopped. Resolves once every guild of its shards has arrived. */
export async function startBot(options: { engine: Engine; config: BotConfig; logger: Logger; defaultLanguage: Language; state?: BotState; client?: Partial<ClientOptions> }): Promise<RunningBot> {
  const { engine, config, logger, defaultLanguage } = options;
  if (!config.token) throw new Error('DISCORD_TOKEN is not set');
  const state = options.state ?? BotState.open(config.databasePath);
  const ctx: BotContext = {
    engine,
    state,
    config,
    logger,
    defaultLanguage,
    limiter: new RateLimiter({ maxInFlightPerGuild: config.guildMaxInFlight, maxQueuedPerGuild: config.guildQueueMax }),
    answers: new AnswerService(engine, state, logger, config.logMessageContent),
    gateway: { closes: 0, reconnects: 0, resumes: 0, warnings: 0, errors: 0 },
  };
  const client = new Client(clientOptions(config, options.client));
  for (const handler of events) {
    const listener = (...args: unknown[]) =>
      Promise.resolve((handler.execute as (ctx: BotContext, ...rest: unknown[]) => unknown)(ctx, ...args)).catch((error: Error) =>
        logger.error({ event: handler.name, err: error?.message }, 'event handler failed'),
      );
    if (handler.once) client.once(handler.name, listener);
    else client.on(handler.name, listener);
  }
  const closedForGood = new Promise<{ shard: number; code: number }>((resolve) =>
    client.on(Events.ShardDisconnect, (event, shard) => resolve({ shard, code: event.code })),
  );
  const ready = once(client, Events.ClientReady);
  let timer: NodeJS.Timeout | undefined;
  // discord.js retries a refused gateway connection forever; past the timeout the caller decides (exit, restart).
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no READY from the gateway within ${config.loginTimeoutMs / 1000} s (${ctx.gateway.closes} connections closed, ${ctx.gateway.reconnects} reconnects; LOGIN_TIMEOUT_MS)`)),
      config.loginTimeoutMs,
    );
  });
  try {
    await Promise.race([client.login(config.token).then(() => ready), timedOut]);
  } catch (error) {
    await client.destroy();
    if (!options.state) state.close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    client: client as Client<true>,
    ctx,
    closedForGood,
    stop: async ({ graceMs = 0 } = {}) => {
      const abandoned = await ctx.limiter.drain(graceMs);
      await client.destroy();
      if (!options.state) state.close();
      return { abandoned };
    },
  };
}
