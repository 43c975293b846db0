import dotenv from 'dotenv';
import { REST } from 'discord.js';
import { EXIT, fail } from '../cli/bootstrap.js';
import { ConfigError } from '../config/env.js';
import { clientIdFromToken, loadBotConfig } from './config.js';
import { registerCommands } from './registration.js';

dotenv.config({ quiet: true });

try {
  const config = loadBotConfig(process.env);
  const token = config.token ?? fail('DISCORD_TOKEN is not set: deploy-commands needs the bot token in .env.', EXIT.usage);
  const clientId = config.clientId ?? clientIdFromToken(token) ?? fail('DISCORD_CLIENT_ID is not set (Developer Portal → General Information → Application ID).', EXIT.usage);
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(token);
  const registered = await registerCommands(rest, clientId, config.devGuildId);
  console.log(
    registered.scope === 'guild'
      ? `Registered ${registered.count} commands in guild ${config.devGuildId} (usable at once).`
      : `Registered ${registered.count} commands globally (every server the bot is in).`,
  );
} catch (error) {
  if (error instanceof ConfigError) fail(`configuration error: ${error.message}`, EXIT.usage);
  fail(`could not register the commands: ${(error as Error).message}`, EXIT.failure);
}
