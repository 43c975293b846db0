/** npm run deploy-commands: registers /ask, /about, /kb and the "Ask the article" message menu with Discord (in the dev guild when DEV_GUILD_ID is set). */
import { REST } from 'discord.js';
import { EXIT, botConfigOrExit, fail } from '../app/startup.js';
import { clientIdFromToken } from '../config/bot.js';
import { registerCommands } from './registration.js';

const config = botConfigOrExit();
try {
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
  fail(`could not register the commands: ${(error as Error).message}`, EXIT.failure);
}
