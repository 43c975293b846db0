/** One measured setting of the index: how much it finds against how long a query takes. */
export interface CurvePoint {
  n: number;
  m: number;
  efConstruction: number;
  efSearch: number;
  recallAt10: number;
  queryP50Ms: number;
}

const PANEL = { width: 270, height: 320, gap: 56 };
const MARGIN = { left: 64, right: 24, top: 76, bottom: 96 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
/** Lower recall is cut off (the tables have it): the region that decides the choice stays readable. */
const LOWEST_RECALL_SHOWN = 0.7;

/**
 * Recall@10 against query p50 (log scale): one panel per corpus size, one line per graph (M, efConstruction),
 * each point labelled with its efSearch. The recall floor is dashed and the chosen setting circled. Plain
 * SVG, no library.
 */
export function curveSvg(points: readonly CurvePoint[], options: { floor: number; chosen: CurvePoint; title: string; subtitle: string }): string {
  const sizes = [...new Set(points.map((p) => p.n))].sort((a, b) => a - b);
  const graphs = [...new Set(points.map(graphKey))];
  const colour = (p: CurvePoint) => COLOURS[graphs.indexOf(graphKey(p)) % COLOURS.length]!;
  const width = MARGIN.left + sizes.length * (PANEL.width + PANEL.gap) - PANEL.gap + MARGIN.right;
  const height = MARGIN.top + PANEL.height + MARGIN.bottom;
  const yMin = Math.max(LOWEST_RECALL_SHOWN, Math.floor(Math.min(...points.map((p) => p.recallAt10)) * 20) / 20);
  const y = (recall: number) => MARGIN.top + ((1 - recall) / (1 - yMin)) * PANEL.height;

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="22" font-size="15" font-weight="bold">${escapeXml(options.title)}</text>`,
    `<text x="${MARGIN.left}" y="40" fill="#555">${escapeXml(options.subtitle)}</text>`,
    `<text transform="translate(18 ${MARGIN.top + PANEL.height / 2}) rotate(-90)" text-anchor="middle">recall@10</text>`,
  ];
  sizes.forEach((n, panel) => {
    const left = MARGIN.left + panel * (PANEL.width + PANEL.gap);
    const inPanel = points.filter((p) => p.n === n);
    const latencies = inPanel.map((p) => p.queryP50Ms);
    const xMin = Math.log10(Math.min(...latencies) * 0.85);
    const xMax = Math.log10(Math.max(...latencies) * 1.15);
    const x = (ms: number) => left + ((Math.log10(ms) - xMin) / (xMax - xMin)) * PANEL.width;
    const clip = `panel-${panel}`;
    out.push(`<clipPath id="${clip}"><rect x="${left}" y="${MARGIN.top - 6}" width="${PANEL.width + 6}" height="${PANEL.height + 6}"/></clipPath>`);
    for (const tick of logTicks(10 ** xMin, 10 ** xMax)) {
      out.push(`<line x1="${x(tick).toFixed(1)}" y1="${MARGIN.top}" x2="${x(tick).toFixed(1)}" y2="${MARGIN.top + PANEL.height}" stroke="#eee"/>`);
      out.push(`<text x="${x(tick).toFixed(1)}" y="${MARGIN.top + PANEL.height + 16}" text-anchor="middle">${tick}</text>`);
    }
    for (let step = 0; 1 - step * 0.05 >= yMin - 1e-9; step += 1) {
      const recall = 1 - step * 0.05;
      out.push(`<line x1="${left}" y1="${y(recall).toFixed(1)}" x2="${left + PANEL.width}" y2="${y(recall).toFixed(1)}" stroke="#eee"/>`);
      if (panel === 0) out.push(`<text x="${left - 6}" y="${(y(recall) + 4).toFixed(1)}" text-anchor="end">${recall.toFixed(2)}</text>`);
    }
    out.push(`<rect x="${left}" y="${MARGIN.top}" width="${PANEL.width}" height="${PANEL.height}" fill="none" stroke="#888"/>`);
    out.push(`<text x="${left + PANEL.width / 2}" y="${MARGIN.top - 14}" text-anchor="middle" font-weight="bold">n = ${formatCount(n)}</text>`);
    out.push(`<text x="${left + PANEL.width / 2}" y="${MARGIN.top + PANEL.height + 34}" text-anchor="middle">query p50, ms (log scale)</text>`);
    out.push(`<line x1="${left}" y1="${y(options.floor)}" x2="${left + PANEL.width}" y2="${y(options.floor)}" stroke="#555" stroke-dasharray="4 4"/>`);
    out.push(`<text x="${left + PANEL.width - 4}" y="${y(options.floor) + 14}" text-anchor="end" fill="#555">floor ${options.floor}</text>`);
    const lines = graphs.map((key) => inPanel.filter((p) => graphKey(p) === key).sort((a, b) => a.efSearch - b.efSearch)).filter((line) => line.length > 0);
    lines.forEach((line, row) => {
      const stroke = colour(line[0]!);
      const path = line.map((p) => `${x(p.queryP50Ms).toFixed(1)},${y(p.recallAt10).toFixed(1)}`).join(' ');
      out.push(`<g clip-path="url(#${clip})" fill="${stroke}">`);
      out.push(`<polyline points="${path}" fill="none" stroke="${stroke}" stroke-width="2"/>`);
      for (const p of line) {
        out.push(`<circle cx="${x(p.queryP50Ms).toFixed(1)}" cy="${y(p.recallAt10).toFixed(1)}" r="2.5"/>`);
        // Each line's labels sit on their own row, so lines that meet at recall 1 stay legible.
        out.push(`<text x="${(x(p.queryP50Ms) + 3).toFixed(1)}" y="${(y(p.recallAt10) + 12 + row * 10).toFixed(1)}" font-size="9">${p.efSearch}</text>`);
      }
      out.push('</g>');
    });
    const chosen = inPanel.find((p) => graphKey(p) === graphKey(options.chosen) && p.efSearch === options.chosen.efSearch);
    if (chosen) out.push(`<circle cx="${x(chosen.queryP50Ms).toFixed(1)}" cy="${y(chosen.recallAt10).toFixed(1)}" r="8" fill="none" stroke="black" stroke-width="1.5"/>`);
  });
  const legendY = height - 28;
  graphs.forEach((key, i) => {
    const [m, efConstruction] = key.split('/');
    const lx = MARGIN.left + i * 150;
    out.push(`<line x1="${lx}" y1="${legendY - 4}" x2="${lx + 22}" y2="${legendY - 4}" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="2"/>`);
    out.push(`<text x="${lx + 28}" y="${legendY}">M=${m} efC=${efConstruction}</text>`);
  });
  const c = options.chosen;
  out.push(`<text x="${MARGIN.left}" y="${legendY + 20}" fill="#333">labels: efSearch · circled: chosen M=${c.m} efConstruction=${c.efConstruction} efSearch=${c.efSearch} · dashed: recall floor</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function graphKey(p: CurvePoint): string {
  return `${p.m}/${p.efConstruction}`;
}

/** 1, 2, 3, 5 × powers of ten inside the range. */
function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let power = Math.floor(Math.log10(min)); power <= Math.ceil(Math.log10(max)); power += 1) {
    for (const step of [1, 2, 3, 5]) {
      const tick = Number((step * 10 ** power).toPrecision(1));
      if (tick >= min && tick <= max) ticks.push(tick);
    }
  }
  return ticks;
}

export function formatCount(n: number): string {
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
