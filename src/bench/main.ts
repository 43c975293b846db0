/**
 * `npm run bench [-- --quick] [-- --json]`: answer latency and cold start, `ask` and the bot's start-up
 * compiled and under tsx, /ask's autocomplete through the Discord emulator, the vector index at 1k/10k/100k
 * passages against an exact scan, the recall/latency curve that picks the HNSW parameters, and ingestion
 * speed. Tables go to stdout, progress to stderr; with --json the last stdout line is one JSON object.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadArticle } from '../corpus/article.js';
import { LexicalEmbeddings } from '../embeddings/lexical.js';
import { PROJECT_ROOT } from '../paths.js';
import { DEFAULT_HNSW_PARAMS } from '../store/hnsw-store.js';
import { benchAnswers } from './answers-bench.js';
import { autocompleteFloors, autocompleteSection, benchAutocomplete } from './autocomplete-bench.js';
import { RECALL_FLOOR, checkFloors, chooseParams } from './choose.js';
import { type CurvePoint, curveSvg, formatCount } from './curve-svg.js';
import { benchIngestion } from './ingestion-bench.js';
import { answersSection, curveSection, floorsSection, ingestionSection, startupSection, storeSection } from './report.js';
import { benchStartup, startupFloors } from './startup-bench.js';
import { type BuiltStore, type GraphBuild, type StoreRow, buildStore, measureStoreRow, sweepCurve } from './store-bench.js';
import { VectorMixture, type VectorModel, describeModel } from './synthetic-vectors.js';
import { RECALL_QUERIES, type VectorWorkload, prepareWorkload } from './vector-workload.js';

interface Graph {
  m: number;
  efConstruction: number;
}

interface Plan {
  sizes: number[];
  /** Graphs built and swept at each size; the choice must clear the recall target at all of them. */
  curve: Record<number, Graph[]>;
  starts: number;
  rounds: number;
  /** Timed runs of each start-up (ask, bot to IDENTIFY), compiled and under tsx. */
  startupRuns: number;
  /** Autocomplete requests timed, one after another, against the compiled bot. */
  autocompleteRequests: number;
  ingestPassages: number;
}

const EF_SEARCH_VALUES = [10, 16, 24, 32, 48, 64, 96, 128, 200];
const M_SWEEP: Graph[] = [8, 16, 32].map((m) => ({ m, efConstruction: 100 }));
const COSTLIER_BUILD: Graph = { m: 16, efConstruction: 200 };
const PLANS: Record<'quick' | 'full', Plan> = {
  // M=32 is left to the full run: at 10k its build alone would take a quarter of the minute.
  quick: { sizes: [1000, 10_000], curve: { 1000: M_SWEEP.slice(0, 2), 10_000: M_SWEEP.slice(0, 2) }, starts: 3, rounds: 3, startupRuns: 3, autocompleteRequests: 200, ingestPassages: 2000 },
  full: {
    sizes: [1000, 10_000, 100_000],
    // Up to 10k, one extra graph shows what a costlier build (efConstruction 200) buys.
    curve: { 1000: [...M_SWEEP, COSTLIER_BUILD], 10_000: [...M_SWEEP, COSTLIER_BUILD], 100_000: M_SWEEP },
    starts: 5,
    rounds: 10,
    startupRuns: 5,
    autocompleteRequests: 1000,
    ingestPassages: 5000,
  },
};
const RESULTS_DIR = path.join(PROJECT_ROOT, 'bench-results');

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('Usage: npm run bench -- [--quick] [--json]\n  --quick  stops at 10k passages and answers fewer rounds (under a minute)\n  --json   last line of stdout is one JSON object');
  process.exit(0);
}
const mode = values.quick ? 'quick' : 'full';
const plan = PLANS[mode];
const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const benchStarted = performance.now();

progress(`answers: ${plan.starts} cold starts, ${plan.rounds} rounds of the evaluation set`);
const answers = await benchAnswers({ starts: plan.starts, rounds: plan.rounds });

progress(`start-up: ask --json and the bot to IDENTIFY, ${plan.startupRuns} runs each on node (dist/) and tsx (src/)`);
const startup = await benchStartup({ runs: plan.startupRuns });

progress(`autocomplete: ${plan.autocompleteRequests} requests to the compiled bot through the Discord emulator`);
const autocomplete = await benchAutocomplete({ requests: plan.autocompleteRequests });

progress(`ingestion: ${plan.ingestPassages} paragraphs`);
const ingestion = await benchIngestion(await loadArticle(), plan.ingestPassages);

// Tuned so a query's nearest passage sits at a cosine of about 0.7, as with real sentence embeddings.
const model: VectorModel = { dimensions: new LexicalEmbeddings().dimensions, clusters: 256, clusterRank: 16, spread: 1, noise: 0.5, seed: 1 };
const mixture = new VectorMixture(model);
const curve: CurvePoint[] = [];
const builds: GraphBuild[] = [];
// Every size is swept before choosing, so its workload and graphs are kept for the measurements after.
const measured: { workload: VectorWorkload; graphs: Map<string, BuiltStore> }[] = [];
for (const n of plan.sizes) {
  progress(`n=${formatCount(n)}: drawing vectors and the exact answers`);
  const workload = prepareWorkload(mixture, n);
  const graphs = new Map<string, BuiltStore>();
  for (const graph of plan.curve[n] ?? []) {
    progress(`n=${formatCount(n)}: building M=${graph.m} efConstruction=${graph.efConstruction}`);
    const built = await buildStore(workload, { ...graph, efSearch: EF_SEARCH_VALUES[0]! });
    graphs.set(`${graph.m}/${graph.efConstruction}`, built);
    builds.push({ n, ...graph, buildMs: built.buildMs });
  }
  progress(`n=${formatCount(n)}: sweeping efSearch over ${graphs.size} graphs`);
  curve.push(...sweepCurve([...graphs.values()], workload, EF_SEARCH_VALUES));
  measured.push({ workload, graphs });
}
const choice = chooseParams(curve);
const chosen = { m: choice.point.m, efConstruction: choice.point.efConstruction, efSearch: choice.point.efSearch };
const rows: StoreRow[] = [];
// Shifted off one by one, so each size's vectors and graphs can be freed once it is measured.
for (let next = measured.shift(); next; next = measured.shift()) {
  const { workload, graphs } = next;
  progress(`n=${formatCount(workload.n)}: save, load and query with M=${chosen.m} efConstruction=${chosen.efConstruction} efSearch=${chosen.efSearch}`);
  const built = graphs.get(`${chosen.m}/${chosen.efConstruction}`) ?? (await buildStore(workload, chosen));
  graphs.clear();
  rows.push(await measureStoreRow(built, workload, chosen.efSearch));
}
const floors = [...startupFloors(startup), ...autocompleteFloors(autocomplete), ...checkFloors(rows)];

await mkdir(RESULTS_DIR, { recursive: true });
const svgPath = path.join(RESULTS_DIR, 'hnsw-curve.svg');
const title = `HNSW (hnswlib-node) recall@10 against query latency, ${model.dimensions}-d vectors`;
const subtitle = `k=10, ${RECALL_QUERIES} queries per point, ${os.cpus().length}-core ${os.cpus()[0]?.model ?? 'CPU'}, Gaussian-mixture vectors (see npm run bench)`;
await writeFile(svgPath, curveSvg(curve, { floor: RECALL_FLOOR, chosen: choice.point, title, subtitle }));

const result = {
  mode,
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
  answers,
  coldStartMs: answers.coldStartMs,
  peakRssMb: answers.peakRssMb,
  startup,
  autocomplete,
  store: rows,
  vectors: describeModel(model),
  curve,
  builds,
  chosen,
  chosenReason: choice.reason,
  defaults: DEFAULT_HNSW_PARAMS,
  floors,
  ingestion,
  svg: path.relative(process.cwd(), svgPath),
  totalSeconds: Math.round((performance.now() - benchStarted) / 1000),
};
await writeFile(path.join(RESULTS_DIR, `bench-${mode}.json`), `${JSON.stringify(result, null, 2)}\n`);

const sameAsDefaults = (Object.keys(chosen) as (keyof typeof chosen)[]).every((key) => chosen[key] === DEFAULT_HNSW_PARAMS[key]);
console.log(
  [
    `bench (${mode}) on ${result.machine.cpus} × ${result.machine.cpu}, Node ${result.machine.node}, ${result.totalSeconds} s`,
    answersSection(answers),
    startupSection(startup),
    autocompleteSection(autocomplete),
    curveSection(curve, builds, choice),
    sameAsDefaults ? 'DEFAULT_HNSW_PARAMS matches the choice.' : `DEFAULT_HNSW_PARAMS is ${JSON.stringify(DEFAULT_HNSW_PARAMS)}: differs from the choice.`,
    `curve chart: ${result.svg}`,
    storeSection(rows, result.vectors),
    floorsSection(floors),
    ingestionSection(ingestion),
  ].join('\n\n'),
);
if (values.json) console.log(JSON.stringify(result));
if (floors.some((f) => !f.pass)) process.exitCode = 1;
