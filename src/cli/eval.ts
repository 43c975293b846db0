import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type EvalReport, runEval } from '../eval/run.js';
import { loadQuestions } from '../eval/questions.js';
import { passes } from '../eval/metrics.js';
import { EXIT, fail, engineConfigOrExit, startEngine } from '../app/startup.js';

const HELP = `Usage: npm run eval -- [--set NAME]... [--file FILE]... [--embedder local|use|openai] [--json] [--verbose]
Asks every question of each evaluation set and prints, per set, category and language: hit@1, hit@3, MRR,
fact accuracy, citation precision, pass rate, wrong-answer rate (answered, but the gold passage is not cited
or a fact is missing), refusal accuracy, false-refusal rate and latency p50/p95.
Sets are the files eval/<NAME>.jsonl of the article folder (DATA_DIR); without --set or --file, all of them:
tuning*, dev-* (development: tuned on, or kept aside to check a round's tuning), test* (blind: written before the engine changed, each measured
once at the end of its round), know-* (members' questions written to be part of the knowledge), regression-* (older sets in the article's
own wording). Sets added to the knowledge (npm run ingest -- --from-eval) measure what the bot recalls, not what it understands.
--json adds one JSON line per set.`;

const { values } = parseArgs({
  options: {
    file: { type: 'string', multiple: true },
    set: { type: 'string', multiple: true },
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
const evalDir = path.join(config.dataDir, 'eval');
const named = [...(values.set ?? []).map((name) => path.join(evalDir, `${name}.jsonl`)), ...(values.file ?? [])];
const files = (named.length > 0 ? named : await allSets(evalDir)).map((f) => path.resolve(f));
const questionSets = await Promise.all(files.map((f) => loadQuestions(f).catch((error: Error) => fail(error.message, EXIT.usage))));
const engine = await startEngine(config);

for (const [i, questions] of questionSets.entries()) {
  const report = await runEval(engine, questions);
  console.log(`\n${path.relative(process.cwd(), files[i]!)} · ${questions.length} questions · ${engine.info().embedder} · ${engine.info().answerer}`);
  if (values.verbose) printRows(report.rows);
  printTable(report.groups);
  if (values.json) console.log(JSON.stringify({ file: path.basename(files[i]!), embedder: engine.info().embedder, answerer: engine.info().answerer, groups: report.groups }));
}

/** Every set of the article folder: the tuning sets first, then the blind test sets, then the rest. */
async function allSets(dir: string): Promise<string[]> {
  const order = (name: string) => (name.startsWith('tuning') || name.startsWith('dev') ? 0 : name.startsWith('test') ? 1 : 2);
  const names = (await readdir(dir).catch(() => fail(`no evaluation sets in ${dir}`, EXIT.usage))).filter((f) => f.endsWith('.jsonl'));
  return names.sort((a, b) => order(a) - order(b) || a.localeCompare(b)).map((f) => path.join(dir, f));
}

function printRows(rows: EvalReport['rows']): void {
  for (const { question, result, goldRank } of rows) {
    const row = { question, result, goldRank };
    const ok = question.category === 'answerable' ? passes(row) : result.refused;
    const outcome = result.refused ? `refused:${result.refusalReason}` : result.citations.map((c) => c.passageId).join(',');
    console.log(`${ok ? 'ok  ' : 'MISS'} ${question.id.padEnd(22)} rank=${goldRank} ${outcome} | ${result.answer.slice(0, 110)}`);
  }
}

function printTable(groups: EvalReport['groups']): void {
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`.padStart(5);
  const dash = '    -';
  console.log(['group'.padEnd(20), '  n', 'hit@1', 'hit@3', '  MRR', 'facts', 'cite%', ' pass', 'wrong', 'refus', 'falseR', 'leaks', ' p50ms', ' p95ms'].join(' '));
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
        answerable ? pct(g.wrongAnswerRate) : dash,
        name.startsWith('answerable') ? dash : pct(g.refusalAccuracy),
        (answerable ? pct(g.falseRefusalRate) : dash).padStart(6),
        String(g.leaks).padStart(5),
        g.p50Ms.toFixed(2).padStart(6),
        g.p95Ms.toFixed(2).padStart(6),
      ].join(' '),
    );
  }
}
