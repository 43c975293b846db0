/** `npm run ask`: one question (or a file of them) answered from the command line, for a person or as JSON. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Engine } from '../answer/engine.js';
import { MAX_QUESTION_CHARS, cleanText } from '../text/normalize.js';
import { EXIT, fail, engineConfigOrExit, startEngine } from '../app/startup.js';
import { type TerminalOptions, formatForTerminal } from './format.js';

const HELP = `Usage:
  npm run ask -- "question"                   the answer and its numbered sources
  npm run ask -- --json "question"            the result object as one JSON line
  npm run ask -- --json --batch FILE          one result per non-blank line of FILE (JSON lines with "id" and "q",
                                              or plain text), each carrying its "line" number; blank lines are skipped
  npm run ask -- -                            read the question from standard input
  -v, --verbose                               add the answerer, the embedder and the time under the answer
Exit codes: 0 answered or refused, 1 failure, 2 bad input or configuration.`;

let options: { json?: boolean; batch?: string; verbose?: boolean; help?: boolean };
let positionals: string[];
try {
  ({ values: options, positionals } = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean' }, batch: { type: 'string' }, verbose: { type: 'boolean', short: 'v' }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (error) {
  fail(`${(error as Error).message}\n${HELP}`, EXIT.usage);
}
if (options.help) {
  console.log(HELP);
  process.exit(EXIT.ok);
}
// Wrapped at the terminal's width; a pipe or a file gets one line per paragraph.
const terminal: TerminalOptions = { width: process.stdout.isTTY ? process.stdout.columns : undefined, verbose: options.verbose };

if (options.batch) {
  if (positionals.length > 0) fail('--batch takes its questions from the file; give no question as well', EXIT.usage);
  const config = engineConfigOrExit();
  const input = createReadStream(options.batch, 'utf8');
  // Fail on an unreadable file before paying for start-up.
  await new Promise<void>((resolve) => input.once('readable', resolve).once('error', (e) => fail(`cannot read ${options.batch}: ${e.message}`, EXIT.usage)));
  const engine = await startEngine(config);
  await runBatch(engine, createInterface({ input, crlfDelay: Infinity }), Boolean(options.json), terminal);
} else {
  const raw = positionals.length === 1 && positionals[0] === '-' ? await readStdin() : positionals.join(' ');
  const question = cleanText(raw);
  if (!question) fail(`the question is empty.\n${HELP}`, EXIT.usage);
  const config = engineConfigOrExit();
  const engine = await startEngine(config);
  const result = await engine.ask(question);
  process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${formatForTerminal(result, terminal)}\n`);
  if (question.length > MAX_QUESTION_CHARS) {
    process.stderr.write(`the question has ${question.length} characters; the limit is ${MAX_QUESTION_CHARS}\n`);
    process.exitCode = EXIT.usage;
  }
}

/**
 * One result per non-blank input line, in order, each carrying its line number; a bad line gets an error with
 * its number and the batch goes on. Blank lines are skipped, so the numbers say which line each result answers.
 */
async function runBatch(engine: Engine, lines: AsyncIterable<string>, json: boolean, terminal: TerminalOptions): Promise<void> {
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (!line.trim()) continue;
    const item = parseBatchLine(line, lineNumber);
    if ('error' in item) {
      process.stdout.write(`${JSON.stringify(item)}\n`);
      continue;
    }
    const result = await engine.ask(item.q);
    const out = { line: lineNumber, ...(item.id === undefined ? {} : { id: item.id }), ...result };
    process.stdout.write(json ? `${JSON.stringify(out)}\n` : `# ${item.id ?? `line ${lineNumber}`}\n${formatForTerminal(result, terminal)}\n\n`);
  }
}

type BatchItem = { id?: string | number; q: string } | { line: number; error: string };

function parseBatchLine(line: string, lineNumber: number): BatchItem {
  if (!line.trimStart().startsWith('{')) return { q: line };
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { line: lineNumber, error: 'not valid JSON' };
  }
  const { id, q } = (parsed ?? {}) as { id?: unknown; q?: unknown };
  if (typeof q !== 'string') return { line: lineNumber, error: 'expected a string "q"' };
  if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') return { line: lineNumber, error: '"id" must be a string or a number' };
  return id === undefined ? { q } : { id, q };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
