/**
 * npm start: the Discord bot, under a supervisor that restarts it when it dies (src/bot/supervisor.ts), when
 * DISCORD_TOKEN is set; without it, at a terminal, the console chat, so the
 * embedded defaults can be tried at once. The two front ends stand side by side on src/app/; this file only
 * picks one of them and knows nothing else.
 */
import { EXIT, botConfigOrExit, engineConfigOrExit, fail, startLogger } from './app/startup.js';

const botConfig = botConfigOrExit();
if (botConfig.token) {
  const { superviseBot } = await import('./bot/supervisor.js');
  superviseBot(botConfig, startLogger(engineConfigOrExit()));
} else if (process.stdin.isTTY) {
  process.stderr.write('DISCORD_TOKEN is not set, so this is the console chat. To connect to Discord, set DISCORD_TOKEN in .env and run npm start again.\n');
  const { openConsoleChat } = await import('./cli/chat-session.js');
  await openConsoleChat(engineConfigOrExit());
  process.exit(EXIT.ok);
} else {
  fail('DISCORD_TOKEN is not set: put the bot token in .env (see .env.example) to connect to Discord; to ask questions in this terminal, run npm run chat.', EXIT.failure);
}
