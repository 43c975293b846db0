import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { draftAnticipatedQuestions, draftUnansweredQuestions, formatAnticipated, formatUnanswered } from '../answer/question-writer.js';
import { loadArticle } from '../corpus/article.js';
import { EXIT, engineConfigOrExit, fail, startEngine } from '../app/startup.js';

const HELP = `Usage: npm run ingest -- [--json] [--generate-questions]
Rebuilds the vector index from the article folder (DATA_DIR) and prints passages, dimensions and time.
--generate-questions  asks the configured language model (OPENAI_BASE_URL or OPENAI_API_KEY) to draft the
                      article's anticipated questions into anticipated.draft.jsonl and the questions about its
                      subject it does not answer into unanswered.draft.jsonl, for a person to review and rename
                      to anticipated.jsonl and unanswered.jsonl. Without a model, write those files by hand.`;

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    'generate-questions': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(EXIT.ok);
}
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
