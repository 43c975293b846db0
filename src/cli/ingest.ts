import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { draftAnticipatedQuestions, draftUnansweredQuestions, formatAnticipated, formatUnanswered } from '../answer/question-writer.js';
import { loadArticle } from '../corpus/article.js';
import { knowledgeFromEval } from '../eval/knowledge.js';
import { type EvalQuestion, loadQuestions } from '../eval/questions.js';
import { EXIT, engineConfigOrExit, fail, startEngine } from '../app/startup.js';

const HELP = `Usage: npm run ingest -- [--json] [--generate-questions | --from-eval SET[,SET...]]
Rebuilds the vector index from the article folder (DATA_DIR) and prints passages, dimensions and time.
--from-eval SETS      adds the questions of these evaluation sets (eval/<SET>.jsonl) to what the bot knows:
                      each answerable one to anticipated.jsonl, pointing at the sentences of its gold paragraph
                      that hold its facts, each unanswerable one to unanswered.jsonl; questions already there are
                      skipped. The sets are then no longer blind: measure with sets left out of this.
--generate-questions  asks the configured language model (OPENAI_BASE_URL or OPENAI_API_KEY) to draft the
                      article's anticipated questions into anticipated.draft.jsonl and the questions about its
                      subject it does not answer into unanswered.draft.jsonl, for a person to review and rename
                      to anticipated.jsonl and unanswered.jsonl. Without a model, write those files by hand.`;

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    'generate-questions': { type: 'boolean', default: false },
    'from-eval': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(EXIT.ok);
}
if (values['generate-questions'] && values['from-eval'] !== undefined) fail('--generate-questions and --from-eval are two ways to add questions: give one at a time', EXIT.usage);
const config = engineConfigOrExit();

if (values['generate-questions']) {
  if (!config.openai.apiKey && !config.openai.baseURL) {
    fail('--generate-questions needs a language model: set OPENAI_BASE_URL (Ollama, vLLM, LM Studio…) or OPENAI_API_KEY', EXIT.usage);
  }
  const article = await loadArticle(config.dataDir);
  const modelFailed = (error: Error) => fail(`the language model failed: ${error.message}`, EXIT.failure);
  const anticipated = await draftAnticipatedQuestions(article, config).catch(modelFailed);
  const anticipatedFile = path.join(config.dataDir, 'anticipated.draft.jsonl');
  await writeFile(anticipatedFile, formatAnticipated(anticipated.questions));
  const unanswered = await draftUnansweredQuestions(article, config).catch(modelFailed);
  const unansweredFile = path.join(config.dataDir, 'unanswered.draft.jsonl');
  await writeFile(unansweredFile, formatUnanswered(unanswered.questions));
  const result = {
    anticipated: { file: anticipatedFile, questions: anticipated.questions.length, dropped: anticipated.dropped },
    unanswered: { file: unansweredFile, questions: unanswered.questions.length, dropped: unanswered.dropped },
  };
  if (values.json) console.log(JSON.stringify(result));
  else {
    for (const [kind, draft] of Object.entries(result)) {
      console.log(`Wrote ${draft.questions} ${kind} questions to ${draft.file} (${draft.dropped} lines of the model's answers dropped as invalid).`);
    }
    console.log('Review them, then rename the files to anticipated.jsonl and unanswered.jsonl.');
  }
  process.exit(EXIT.ok);
}

if (values['from-eval'] !== undefined) {
  const names = values['from-eval'].split(',').map((n) => n.trim()).filter(Boolean);
  if (names.length === 0 || names.some((n) => !/^[\w.-]+$/.test(n))) fail('--from-eval needs set names separated by commas, such as tuning,dev-3', EXIT.usage);
  const article = await loadArticle(config.dataDir);
  const questions: EvalQuestion[] = [];
  for (const name of names) {
    const file = path.join(config.dataDir, 'eval', `${name}.jsonl`);
    questions.push(...(await loadQuestions(file).catch((error: Error) => fail(`cannot read the set ${name}: ${error.message}`, EXIT.usage))));
  }
  const added = knowledgeFromEval(article, questions);
  if (added.anticipated.length > 0) await appendLines(article.files.anticipated, formatAnticipated(added.anticipated));
  if (added.unanswered.length > 0) await appendLines(article.files.unanswered, formatUnanswered(added.unanswered));
  const result = {
    anticipated: { file: article.files.anticipated, added: added.anticipated.length },
    unanswered: { file: article.files.unanswered, added: added.unanswered.length },
    known: added.known,
    unplaced: added.unplaced,
  };
  if (values.json) console.log(JSON.stringify(result));
  else {
    console.log(`Added ${result.anticipated.added} anticipated questions to ${result.anticipated.file} and ${result.unanswered.added} unanswered ones to ${result.unanswered.file}.`);
    console.log(`Skipped ${added.known} already known, and ${added.unplaced.length} whose facts no gold sentence holds${added.unplaced.length > 0 ? ` (${added.unplaced.join(', ')})` : ''}.`);
    console.log('The index is rebuilt at the next start, or now with `npm run ingest`.');
  }
  process.exit(EXIT.ok);
}

const engine = await startEngine(config);
const info = await engine.reindex();
if (values.json) console.log(JSON.stringify(info));
else {
  console.log(`Indexed “${info.article}”`);
  console.log(`  paragraphs  ${info.paragraphs} (${info.passages} passages across languages)`);
  console.log(`  dimensions  ${info.dimensions}`);
  console.log(`  embedder    ${info.embedder}`);
  console.log(`  time        ${info.indexMs} ms`);
  console.log(`  saved to    ${config.indexDir}`);
}

/** Appends JSON lines to a file that may not exist yet or may not end with a newline. */
async function appendLines(file: string, lines: string): Promise<void> {
  const before = await readFile(file, 'utf8').catch(() => '');
  await appendFile(file, before && !before.endsWith('\n') ? `\n${lines}` : lines);
}
