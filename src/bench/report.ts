import type { AnswersResult, Percentiles } from './answers-bench.js';
import type { Choice, FloorCheck } from './choose.js';
import { type CurvePoint, formatCount } from './curve-svg.js';
import type { IngestionResult } from './ingestion-bench.js';
import type { StartupResult } from './startup-bench.js';
import type { GraphBuild, StoreRow } from './store-bench.js';

/** Right-aligned columns under a header, first column left-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, col) => Math.max(...cells.map((row) => row[col]!.length)));
  const line = (row: readonly string[]) => row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}

const ms = (value: number) => value.toFixed(value < 10 ? 2 : 0);

export function answersSection(a: AnswersResult): string {
  const row = (name: string, p: Percentiles) => [name, p.n, ms(p.p50), ms(p.p95)];
  return [
    `Answers: embedded default (local embedder, extractive), ${a.questions} questions × ${a.rounds} rounds after one unrecorded pass`,
    table(['stage', 'answers', 'p50 ms', 'p95 ms'], [row('embed', a.embed), row('search', a.search), row('answer', a.answer), row('total', a.total)]),
    `cold start (spawn to ready, median of ${a.coldStarts.length}): ${a.coldStartMs} ms [${a.coldStarts.join(', ')}]; spawn to first answer: ${a.firstAnswerMs} ms`,
    `peak RSS of the answering process: ${a.peakRssMb} MB; index of ${a.passages} passages, opened in ${a.indexMs} ms` +
      (a.indexRebuiltBecause ? ` (the first start rebuilt it: ${a.indexRebuiltBecause})` : ''),
  ].join('\n');
}

export function startupSection(s: StartupResult): string {
  const row = (what: string, timed: StartupResult['ask']) => [what, timed['node-dist'].medianMs, timed['tsx-src'].medianMs, `${(timed['tsx-src'].medianMs / timed['node-dist'].medianMs).toFixed(1)}×`];
  return [
    `Start-up, median of ${s.runs} runs each, taking turns: compiled (node dist/…) against the sources (tsx src/…)`,
    table(['process start to', 'node ms', 'tsx ms', 'tsx / node'], [row('ask --json: exit', s.ask), row('bot: gateway IDENTIFY', s.identify)]),
  ].join('\n');
}

export function storeSection(rows: readonly StoreRow[], description: string): string {
  return [
    `Vector index (HnswVectorStore): ${description}`,
    table(
      ['n', 'M', 'efC', 'efS', 'build s', 'MB', 'load ms', 'raw read ms', 'load/read', 'q p50 ms', 'q p99 ms', 'exact p50 ms', 'speedup', 'recall@10'],
      rows.map((r) => [
        formatCount(r.n),
        r.m,
        r.efConstruction,
        r.efSearch,
        (r.buildMs / 1000).toFixed(1),
        (r.bytes / 1e6).toFixed(1),
        ms(r.loadMs),
        ms(r.rawReadMs),
        `${r.loadRatio.toFixed(2)}×`,
        ms(r.queryP50Ms),
        ms(r.queryP99Ms),
        ms(r.exactQueryP50Ms),
        `${r.speedup.toFixed(0)}×`,
        r.recallAt10.toFixed(3),
      ]),
    ),
  ].join('\n');
}

export function curveSection(curve: readonly CurvePoint[], builds: readonly GraphBuild[], choice: Choice): string {
  const efValues = [...new Set(curve.map((p) => p.efSearch))].sort((a, b) => a - b);
  const rows = builds.map((b) => {
    const line = curve.filter((p) => p.n === b.n && p.m === b.m && p.efConstruction === b.efConstruction);
    const cell = (ef: number) => {
      const p = line.find((q) => q.efSearch === ef);
      return p ? `${p.recallAt10.toFixed(3)}/${ms(p.queryP50Ms)}` : '-';
    };
    return [`n=${formatCount(b.n)} M=${b.m} efC=${b.efConstruction}`, (b.buildMs / 1000).toFixed(1), ...efValues.map(cell)];
  });
  const c = choice.point;
  return [
    'Recall@10 / query p50 ms (k=10) by efSearch',
    table(['graph', 'build s', ...efValues.map((ef) => `ef=${ef}`)], rows),
    `chosen: M=${c.m} efConstruction=${c.efConstruction} efSearch=${c.efSearch} (recall@10 ${c.recallAt10.toFixed(3)}, p50 ${ms(c.queryP50Ms)} ms): ${choice.reason}`,
  ].join('\n');
}

export function ingestionSection(i: IngestionResult): string {
  const rate = (perSecond: number) => Math.round(perSecond).toString();
  return [
    `Ingestion: ${i.passages} paragraphs of ${i.meanChars} characters on average, recombined from the article's sentences`,
    table(['step', 'passages/s'], [
      ['fit rarity weights', rate(i.fitPerSecond)],
      ['embed (local)', rate(i.embedPerSecond)],
      ['index (HNSW add)', rate(i.indexPerSecond)],
      ['all three', rate(i.totalPerSecond)],
    ]),
  ].join('\n');
}

export function floorsSection(checks: readonly FloorCheck[]): string {
  return [
    'Floors',
    table(
      ['', 'check', 'measured', 'floor', ''],
      checks.map((c) => [c.scope, c.what, c.shown, c.limit, c.pass ? 'ok' : 'FAIL']),
    ),
  ].join('\n');
}
