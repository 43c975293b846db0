/**
 * The console chat (`npm run chat`, and `npm start` without a Discord token in a terminal): a conversation
 * with the engine that reads like one. It says in words what it is doing; the JSON log lines stay out of it
 * unless asked for.
 */
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import type { Engine } from '../answer/engine.js';
import type { Turn } from '../answer/types.js';
import type { EngineConfig } from '../config/env.js';
import { type Logger, createLogger, redact } from '../log.js';
import { startEngine } from '../app/startup.js';
import { type TerminalOptions, formatForTerminal, wrap } from './format.js';

/** Turns kept as context for follow-up questions. */
const HISTORY_TURNS = 6;

const INTRO = `Ask a question about the article (French or English). Follow-up questions use the conversation so far.
Commands: /new starts a new conversation, /quit leaves (or Ctrl-D).`;

export interface ChatOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream & { columns?: number; isTTY?: boolean };
  /** Adds the answerer, embedder and time under each answer, and the engine's set-up in the greeting. */
  verbose?: boolean;
  /** Appends the log's JSON lines to this file instead. */
  logFile?: string;
}

/**
 * The chat's log: to `logFile` when given; else to stderr only when LOG_LEVEL was set (in the environment or
 * .env), since stderr shares the terminal with the conversation; else nowhere.
 */
export function chatLogger(config: EngineConfig, logFile: string | undefined, env: NodeJS.ProcessEnv = process.env): Logger {
  if (logFile) return createLogger({ level: config.logLevel, destination: createWriteStream(logFile, { flags: 'a' }) });
  return createLogger({ level: env.LOG_LEVEL ? config.logLevel : 'silent' });
}

/** Starts the engine, saying so, then runs the chat until the user leaves. */
export async function openConsoleChat(config: EngineConfig, options: ChatOptions = {}): Promise<void> {
  const output = options.output ?? process.stdout;
  output.write('Loading the article and its index… ');
  const engine = await startEngine(config, chatLogger(config, options.logFile));
  const { indexMs, indexRebuiltBecause } = engine.info();
  output.write(indexRebuiltBecause ? `built a new index in ${indexMs} ms (${indexRebuiltBecause}).\n` : `done in ${indexMs} ms.\n`);
  await runChat(engine, options);
}

/** An interactive console chat over the engine; returns when the user leaves. */
export async function runChat(engine: Engine, options: ChatOptions = {}): Promise<void> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const rl = createInterface({ input, output, terminal: Boolean((input as { isTTY?: boolean }).isTTY) });
  // Read at every answer: the terminal may have been resized since.
  const format = (): TerminalOptions => ({ width: output.isTTY ? output.columns : undefined, verbose: options.verbose });
  const info = engine.info();
  const setUp = options.verbose ? ` · ${info.embedder} · ${info.answerer}` : '';
  output.write(`\n${wrap(`“${info.article}”, ${info.paragraphs} paragraphs${setUp}`, format().width)}\n${wrap(INTRO, format().width)}\n`);
  let history: Turn[] = [];
  rl.setPrompt('\n> ');
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    if (text === '/new') {
      history = [];
      output.write('New conversation.\n');
    } else if (text) {
      let streamed = 0;
      try {
        const result = await engine.ask(text, {
          history,
          // With a language model the answer is printed as it arrives, then replaced by the checked version.
          onPartial: (partial) => {
            output.write(partial.slice(streamed));
            streamed = partial.length;
          },
        });
        if (streamed > 0) output.write('\n\n');
        output.write(`${formatForTerminal(result, format())}\n`);
        if (!result.refused) history = [...history, { question: text, answer: result.answer }].slice(-HISTORY_TURNS);
      } catch (error) {
        // One failed answer (a provider down with no fallback, a broken index) does not end the conversation.
        if (streamed > 0) output.write('\n\n');
        output.write(`${wrap(`Could not answer that: ${redact((error as Error).message)}. Ask again, or /quit.`, format().width)}\n`);
      }
    }
    rl.prompt();
  }
  rl.close();
}
