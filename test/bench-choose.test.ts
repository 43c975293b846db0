import { describe, expect, it } from 'vitest';
import { checkFloors, chooseParams } from '../src/bench/choose.js';
import { startupFloors } from '../src/bench/startup-bench.js';
import type { CurvePoint } from '../src/bench/curve-svg.js';
import type { StoreRow } from '../src/bench/store-bench.js';

const point = (n: number, m: number, efSearch: number, recallAt10: number, queryP50Ms: number): CurvePoint => ({ n, m, efConstruction: 100, efSearch, recallAt10, queryP50Ms });

describe('chooseParams', () => {
  it('skips a setting that is fast at the largest corpus but misses the target at a smaller one', () => {
    const curve = [point(1000, 8, 16, 0.8, 0.1), point(1000, 16, 64, 0.99, 0.3), point(10_000, 8, 16, 0.99, 0.2), point(10_000, 16, 64, 1, 0.5)];
    expect(chooseParams(curve).point).toMatchObject({ n: 10_000, m: 16, efSearch: 64 });
  });

  it('breaks a near tie on speed by the recall to spare', () => {
    const curve = [point(10_000, 8, 128, 0.975, 0.5), point(10_000, 16, 64, 0.99, 0.52), point(10_000, 32, 32, 1, 0.9)];
    expect(chooseParams(curve).point).toMatchObject({ m: 16, efSearch: 64 });
  });

  it('takes the best worst-case recall, and says so, when nothing reaches the target', () => {
    const choice = chooseParams([point(10_000, 8, 10, 0.6, 0.1), point(10_000, 16, 10, 0.9, 0.2)]);
    expect(choice.point.m).toBe(16);
    expect(choice.reason).toMatch(/no setting/);
  });
});

describe('checkFloors', () => {
  const row = (n: number, recallAt10: number, speedup: number, loadRatio: number) => ({ n, recallAt10, speedup, loadRatio }) as StoreRow;

  it('applies the 100k floors (including load against a raw read) and the 10k floors, and none below', () => {
    const checks = checkFloors([row(1000, 0.5, 1, 3), row(10_000, 0.96, 4, 3), row(100_000, 0.99, 25, 1.4)]);
    expect(checks.map((c) => [c.scope, c.what, c.pass])).toEqual([
      ['10k', 'recall@10', true],
      ['10k', 'speedup over exact scan', false],
      ['100k', 'recall@10', true],
      ['100k', 'speedup over exact scan', true],
      ['100k', 'load / raw read', false],
    ]);
    expect(checkFloors([row(100_000, 0.99, 25, 1.3)]).every((c) => c.pass)).toBe(true);
  });
});

describe('startupFloors', () => {
  const result = (tsxAskMs: number, nodeAskMs: number, nodeIdentifyMs: number) => ({
    runs: 1,
    ask: { 'node-dist': { medianMs: nodeAskMs, runsMs: [nodeAskMs] }, 'tsx-src': { medianMs: tsxAskMs, runsMs: [tsxAskMs] } },
    askSpeedup: tsxAskMs / nodeAskMs,
    identify: { 'node-dist': { medianMs: nodeIdentifyMs, runsMs: [nodeIdentifyMs] }, 'tsx-src': { medianMs: 2000, runsMs: [2000] } },
  });

  it.each([
    [1500, 500, 900, [true, true]],
    [1400, 500, 900, [false, true]],
    [1500, 500, 1000, [true, false]],
  ])('tsx ask %i ms, node ask %i ms, node IDENTIFY %i ms', (tsxAsk, nodeAsk, identify, passes) => {
    expect(startupFloors(result(tsxAsk, nodeAsk, identify)).map((c) => c.pass)).toEqual(passes);
  });
});
