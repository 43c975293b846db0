/** `npm run chat`: the console chat over the engine, for trying the bot without Discord. */
import { parseArgs } from 'node:util';
import { EXIT, engineConfigOrExit, fail } from '../app/startup.js';
import { openConsoleChat } from './chat-session.js';

const HELP = `Usage: npm run chat -- [--verbose] [--log FILE]
An interactive chat about the article; follow-up questions use the conversation. /new starts over, /quit leaves.
  -v, --verbose  show the answerer, the embedder and the time under each answer
  --log FILE     append the log's JSON lines to FILE (otherwise they go to stderr only when LOG_LEVEL is set)`;

let options: { verbose?: boolean; log?: string; help?: boolean };
try {
  ({ values: options } = parseArgs({ options: { verbose: { type: 'boolean', short: 'v' }, log: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
} catch (error) {
  fail(`${(error as Error).message}\n${HELP}`, EXIT.usage);
}
if (options.help) {
  console.log(HELP);
  process.exit(EXIT.ok);
}
await openConsoleChat(engineConfigOrExit(), { verbose: options.verbose, logFile: options.log });
