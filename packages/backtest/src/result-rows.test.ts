// A result's row, curve and VaR accessors: shared by every result (one hidden class), so a finished run
// is not held through the young collections that follow it; and still plain enumerable fields to JSON.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { releaseBacktestResult, runBacktest } from './backtest-runner.js';
import { orclBars, orclSmaCrossConfig } from './orcl-sma-cross.test-support.js';

setFlagsFromString('--allow-natives-syntax');
setFlagsFromString('--expose-gc');
// Parsed after the flags are set: V8's own test functions, and the collector as a function.
const haveSameHiddenClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (
  a: object,
  b: object,
) => boolean;
const hasFastProperties = new Function('a', 'return %HasFastProperties(a)') as (a: object) => boolean;
const collect = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;

describe('result rows', () => {
  it('gives the results (and their VaR) of separate runs one hidden class with fast properties', () => {
    const config = orclSmaCrossConfig({ bars: orclBars().slice(0, 200) });
    const first = runBacktest(config);
    const second = runBacktest(config);
    const third = runBacktest(config);
    expect(haveSameHiddenClass(first, second)).toBe(true);
    expect(haveSameHiddenClass(second, third)).toBe(true);
    expect(hasFastProperties(third)).toBe(true);
    // The VaR's values are built on first read, through an accessor shared the same way.
    expect(haveSameHiddenClass(first.valueAtRisk, second.valueAtRisk)).toBe(true);
    expect(hasFastProperties(second.valueAtRisk)).toBe(true);
  });

  it('keeps JSON fields in their order, rows and curves as plain arrays, and no columns', () => {
    const result = runBacktest(orclSmaCrossConfig({ bars: orclBars().slice(0, 300) }));
    const json = JSON.parse(JSON.stringify(result)) as Record<string, unknown>;
    expect(Object.keys(json).slice(0, 9)).toEqual([
      'account',
      'riskRefusals',
      'rejections',
      'orders',
      'fills',
      'equityCurve',
      'benchmarkCurve',
      'metrics',
      'strategies',
    ]);
    expect(json.equityCurve).toHaveLength(300);
    expect(json.orders).toEqual(result.orders);
    expect(json).not.toHaveProperty('equityColumns');
    expect(result.equityColumns?.equity).toHaveLength(300);
  });

  it.each([
    [5, 'no order, no VaR window'],
    [300, 'orders and a VaR window'],
  ])(
    'lets a finished, released run of %i bars (%s) die young: under 15 KB a run survives young collections (40-48 KB when the result and its VaR had getters made per run)',
    (bars) => {
      const config = orclSmaCrossConfig({ bars: orclBars().slice(0, bars) });
      // In a function of its own, so no temporary of this frame holds the result at the collection.
      const oneRun = (): void => releaseBacktestResult(runBacktest(config));
      for (let run = 0; run < 200; run++) oneRun();
      collect();
      collect();
      const before = process.memoryUsage().heapUsed;
      const runs = 100;
      for (let run = 0; run < runs; run++) {
        oneRun();
        collect({ type: 'minor' });
        collect({ type: 'minor' });
      }
      const perRun = (process.memoryUsage().heapUsed - before) / runs;
      expect(perRun).toBeLessThan(15_000);
    },
  );
});
