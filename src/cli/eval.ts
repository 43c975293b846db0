import path from 'node:path';
import { parseArgs } from 'node:util';
import { runEval } from '../eval/run.js';
import { loadQuestions } from '../eval/questions.js';
import { factsFound } from '../eval/metrics.js';
import { EXIT, fail, loadConfigOrExit, startEngine } from './bootstrap.js';

const HELP = `Usage: npm run eval -- [--file FILE] [--embedder local|use|openai] [--json] [--verbose]
Asks every question of the evaluation set and prints per category: hit@1, hit@3, MRR, fact accuracy,
citation precision, refusal accuracy, false-refusal rate and latency p50/p95.`;

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    embedder: { type: 'string' },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', short: 'v', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(EXIT.ok);
}

const config = loadConfigOrExit(values.embedder ? { EMBEDDINGS_PROVIDER: values.embedder } : {});
const file = path.resolve(values.file ?? path.join(config.dataDir, 'eval/questions.jsonl'));
const questions = await loadQuestions(file).catch((error: Error) => fail(error.message, EXIT.usage));
const engine = await startEngine(config);
const report = await runEval(engine, questions);

if (values.verbose) {
  for (const { question, result, goldRank } of report.rows) {
    const ok =
      question.category === 'answerable'
        ? !result.refused && result.citations.some((c) => question.gold!.includes(c.passageId)) && factsFound(result.answer, question.facts!)
        : result.refused;
    console.log(`${ok ? 'ok  ' : 'MISS'} ${question.id.padEnd(22)} rank=${goldRank} ${result.refused ? `refused:${result.refusalReason}` : result.citations.map((c) => c.passageId).join(',')} | ${result.answer.slice(0, 110)}`);
  }
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`.padStart(5);
const header = ['group'.padEnd(20), 'n'.padStart(3), 'hit@1', 'hit@3', '  MRR', 'facts', 'cite%', ' pass', 'refus', 'falseR', 'leaks', ' p50ms', ' p95ms'];
console.log(`${engine.info().embedder} · ${engine.info().answerer} · ${questions.length} questions`);
console.log(header.join(' '));
for (const [name, g] of Object.entries(report.groups)) {
  const answerable = name === 'all' || name.startsWith('answerable');
  const dash = '    -';
  console.log(
    [
      name.padEnd(20),
      String(g.n).padStart(3),
      answerable ? pct(g.hitAt1) : dash,
      answerable ? pct(g.hitAt3) : dash,
      answerable ? g.mrr.toFixed(2).padStart(5) : dash,
      answerable ? pct(g.factAccuracy) : dash,
      answerable ? pct(g.citationPrecision) : dash,
      answerable ? pct(g.passRate) : dash,
      name.startsWith('answerable') ? dash : pct(g.refusalAccuracy),
      (answerable ? pct(g.falseRefusalRate) : dash).padStart(6),
      String(g.leaks).padStart(5),
      g.p50Ms.toFixed(2).padStart(6),
      g.p95Ms.toFixed(2).padStart(6),
    ].join(' '),
  );
}
if (values.json) console.log(JSON.stringify({ embedder: engine.info().embedder, answerer: engine.info().answerer, groups: report.groups }));
