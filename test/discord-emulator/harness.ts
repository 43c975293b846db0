import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Engine } from '../../src/answer/engine.js';
import { type RunningBot, startBot } from '../../src/bot/bot.js';
import { type BotConfig, loadBotConfig } from '../../src/config/bot.js';
import { loadEngineConfig } from '../../src/config/env.js';
import { captureLogs } from '../support/engine.js';
import { DiscordEmulator, type EmulatorOptions } from './emulator.js';
import { type Channel, type Guild, MEMBER_PERMISSIONS, Permission, type User } from './model.js';

export interface BotUnderTest {
  emulator: DiscordEmulator;
  bot: RunningBot;
  engine: Engine;
  config: BotConfig;
  guild: Guild;
  /** #general and #random. */
  channels: Channel[];
  member: User;
  moderator: User;
  /** JSON log lines the bot wrote. */
  logs: string[];
  dir: string;
  /** Stops the bot and starts a new one on the same database and engine, as a restart of the process would. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Log lines in memory instead of stderr, through the project's redacting logger. */
export { captureLogs as memoryLogger };

/**
 * The real bot (real discord.js client, real Engine on the embedded article) against a fresh emulator, with a
 * guild holding a member and a moderator. SQLite and the index live in a temporary folder removed by stop().
 */
export async function startBotUnderTest(options: { env?: Record<string, string>; emulator?: EmulatorOptions; engine?: Engine } = {}): Promise<BotUnderTest> {
  const emulator = await DiscordEmulator.start(options.emulator);
  const dir = await mkdtemp(path.join(tmpdir(), 'article-bot-'));
  const { logger, lines } = captureLogs(options.env?.LOG_LEVEL ?? 'info');
  const engineConfig = loadEngineConfig({ INDEX_DIR: path.join(dir, 'index'), ...options.env });
  const engine = options.engine ?? (await Engine.create(engineConfig, logger));
  const config = loadBotConfig({
    DISCORD_TOKEN: emulator.token,
    DISCORD_API_URL: emulator.apiUrl,
    BOT_DATABASE: path.join(dir, 'bot.sqlite'),
    MEMBER_BURST: '0',
    ...options.env,
  });
  const { guild, channels } = emulator.createGuild({ name: 'Cloud Club', channels: ['general', 'random'] });
  const member = emulator.createUser('alice');
  emulator.addMember(guild.id, member, MEMBER_PERMISSIONS);
  const moderator = emulator.createUser('mod');
  emulator.addMember(guild.id, moderator, MEMBER_PERMISSIONS | Permission.ManageGuild);
  const start = () => startBot({ engine, config, logger, defaultLanguage: engineConfig.defaultLanguage });
  const under: BotUnderTest = {
    emulator,
    bot: await start(),
    engine,
    config,
    guild,
    channels,
    member,
    moderator,
    logs: lines,
    dir,
    restart: async () => {
      await under.bot.stop();
      under.bot = await start();
    },
    stop: async () => {
      await under.bot.stop();
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return under;
}
