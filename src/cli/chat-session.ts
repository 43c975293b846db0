import { createInterface } from 'node:readline/promises';
import type { Engine } from '../answer/engine.js';
import type { Turn } from '../answer/types.js';
import { formatForTerminal } from './format.js';

/** Turns kept as context for follow-up questions. */
const HISTORY_TURNS = 6;

const INTRO = `Ask a question about the article (French or English). Follow-up questions use the conversation so far.
Commands: /new starts a new conversation, /quit leaves (or Ctrl-D).`;

/** An interactive console chat over the engine; returns when the user leaves. */
export async function runChat(engine: Engine, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<void> {
  const rl = createInterface({ input, output, terminal: Boolean((input as { isTTY?: boolean }).isTTY) });
  const info = engine.info();
  output.write(`${info.article}\n${info.paragraphs} paragraphs · ${info.embedder} · ${info.answerer}\n${INTRO}\n`);
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
      const result = await engine.ask(text, {
        history,
        // With a language model the answer is printed as it arrives, then replaced by the checked version.
        onPartial: (partial) => {
          output.write(partial.slice(streamed));
          streamed = partial.length;
        },
      });
      if (streamed > 0) output.write('\n\n');
      output.write(`${formatForTerminal(result)}\n`);
      if (!result.refused) history = [...history, { question: text, answer: result.answer }].slice(-HISTORY_TURNS);
    }
    rl.prompt();
  }
  rl.close();
}
