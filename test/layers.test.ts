import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/paths.js';

const SRC = path.join(PROJECT_ROOT, 'src');

/** Every module of src/ with the src/ modules it imports (static and dynamic), as paths relative to src/. */
function importGraph(): Map<string, string[]> {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(path.join(SRC, file), 'utf8');
    const specifiers = [...text.matchAll(/(?:from\s+|import\()\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
    graph.set(
      file,
      specifiers.map((s) => path.relative(SRC, path.resolve(path.dirname(path.join(SRC, file)), s)).replace(/\.js$/, '.ts')),
    );
  }
  return graph;
}

const graph = importGraph();
const folder = (file: string) => file.split(path.sep)[0]!;

describe('the layers of src/', () => {
  it.each([
    ['bot', 'cli'],
    ['cli', 'bot'],
    ['config', 'corpus'],
    ['app', 'bot'],
    ['app', 'cli'],
    ['strings', 'bot'],
    ['answer', 'bot'],
    ['text', 'bot'],
  ])('nothing in %s/ imports %s/', (from, to) => {
    const crossing = [...graph].flatMap(([file, imports]) => (folder(file) === from ? imports.filter((i) => folder(i) === to).map((i) => `${file} → ${i}`) : []));
    expect(crossing).toEqual([]);
  });

  it('has no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') return void cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

});
