import path from 'node:path';
import { parseArgs } from 'node:util';
import { type EvalReport, runEval } from '../eval/run.js';
import { loadQuestions } from '../eval/questions.js';
import { factsFound } from '../eval/metrics.js';
import { EXIT, fail, engineConfigOrExit, startEngine } from '../app/startup.js';

const HELP = `Usage: npm run eval -- [--file FILE]... [--embedder local|use|openai] [--json] [--verbose]
Asks every question of each evaluation file (default: data/eval/questions.jsonl, the set the thresholds were
tuned on, and data/eval/holdout.jsonl, written afterwards to check they generalise) and prints per category
and language: hit@1, hit@3, MRR, fact accuracy, citation precision, refusal accuracy, false-refusal rate
and latency p50/p95. --json adds one JSON line per file.`;

const { values } = parseArgs({
  options: {
    file: { type: 'string', multiple: true },
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

const config = engineConfigOrExit(values.embedder ? { EMBEDDINGS_PROVIDER: values.embedder } : {});
const files = (values.file ?? ['questions.jsonl', 'holdout.jsonl'].map((f) => path.join(config.dataDir, 'eval', f))).map((f) => path.resolve(f));
const questionSets = await Promise.all(files.map((f) => loadQuestions(f).catch((error: Error) => fail(error.message, EXIT.usage))));
const engine = await startEngine(config);

for (const [i, questions] of questionSets.entries()) {
  const report = await runEval(engine, questions);
  console.log(`\n${path.relative(process.cwd(), files[i]!)} · ${questions.length} questions · ${engine.info().embedder} · ${engine.info().answerer}`);
  if (values.verbose) printRows(report.rows);
  printTable(report.groups);
  if (values.json) console.log(JSON.stringify({ file: path.basename(files[i]!), embedder: engine.info().embedder, answerer: engine.info().answerer, groups: report.groups }));
}

function printRows(rows: EvalReport['rows']): void {
  for (const { question, result, goldRank } of rows) {
    const ok =
      question.category === 'answerable'
        ? !result.refused && result.citations.some((c) => question.gold!.includes(c.passageId)) && factsFound(result.answer, question.facts!)
        : result.refused;
    const outcome = result.refused ? `refused:${result.refusalReason}` : result.citations.map((c) => c.passageId).join(',');
    console.log(`${ok ? 'ok  ' : 'MISS'} ${question.id.padEnd(22)} rank=${goldRank} ${outcome} | ${result.answer.slice(0, 110)}`);
  }
}

function printTable(groups: EvalReport['groups']): void {
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`.padStart(5);
  const dash = '    -';
  console.log(['group'.padEnd(20), '  n', 'hit@1', 'hit@3', '  MRR', 'facts', 'cite%', ' pass', 'refus', 'falseR', 'leaks', ' p50ms', ' p95ms'].join(' '));
  for (const [name, g] of Object.entries(groups)) {
    const answerable = name === 'all' || name.startsWith('answerable');
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
}
