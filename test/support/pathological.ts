/**
 * Text shapes that make backtracking regular expressions blow up, at a given length: the inputs every check
 * applied to model output must go through in linear time (issue 11: 4,000 no-break spaces blocked 13–25 s).
 */
export function pathologicalShapes(length = 50_000): Record<string, string> {
  const fill = (unit: string) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  return {
    'space run': `It grew. ${fill(' ')}x`,
    'tab run': `\n${fill('\t')}\n`,
    'no-break space run': `“a${fill('\u00A0')}b`,
    'narrow no-break spaces': `«${fill('\u202F')}`,
    'straight quote run': fill('"'),
    'curly quote run': `${fill('“')}${fill('”')}`,
    'guillemet and space run': fill('« '),
    'quote and whitespace run': fill('" \u00A0'),
    'apostrophe run': fill("a 'b"),
    'newline run': `a.${fill('\n')}b`,
    'space and newline run': fill(' \n'),
    'period run': fill('.'),
    'marker run': `It grew.${fill(' [1]')} Then`,
    'bracket run': fill('[1'),
    'word run': fill('a '),
    'sentence run': fill('A b. '),
    'combining mark run': `e${fill('\u0301')}`,
    'zero-width run': fill('\u200B'),
    'url run': fill('https://'),
    'mixed': fill('. \u00A0\n"“[1]» ‘x’ „ \u200B\u202E> '),
  };
}

/** The fastest of a few runs of `fn`, in milliseconds: the machine is shared, so one slow run says little. */
export function fastestMs(fn: () => unknown, runs = 5): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}
