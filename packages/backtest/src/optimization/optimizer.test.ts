// Grid and random search and walk-forward analysis, on worker threads and inline, with the same answers.
import { readFileSync } from 'node:fs';
import type { Ticker } from '@ats/core';
import { describe, expect, it } from 'vitest';
import type { FillRules } from '../fill-rules.js';
import { parseYahooCsv } from '../yahoo-csv.js';
import { gridOf, optimize, randomSamples, walkForward } from './optimizer.js';

const orcl = 'ORCL' as Ticker;
const bars = new Map([
  [
    orcl,
    parseYahooCsv(readFileSync(new URL('../../fixtures/orcl-1995-2014.txt', import.meta.url), 'utf8'), {
      symbol: orcl,
      from: '2003-01-01',
      to: '2005-12-31',
    }),
  ],
]);
const rules: FillRules = {
  marketFill: 'next-open',
  slippage: { kind: 'none' },
  commission: { kind: 'basis-points', basisPoints: 10 },
};

describe('search spaces', () => {
  it('enumerates a grid and draws seeded random samples without duplicates', () => {
    expect(gridOf({ fast: [5, 10], slow: [20, 30] })).toEqual([
      { fast: 5, slow: 20 },
      { fast: 5, slow: 30 },
      { fast: 10, slow: 20 },
      { fast: 10, slow: 30 },
    ]);
    const first = randomSamples({ fast: [2, 9], slow: [20, 40] }, 10, 7);
    expect(first).toEqual(randomSamples({ fast: [2, 9], slow: [20, 40] }, 10, 7));
    expect(new Set(first.map((sample) => JSON.stringify(sample))).size).toBe(10);
    for (const sample of first) {
      expect(sample.fast).toBeGreaterThanOrEqual(2);
      expect(sample.slow).toBeLessThanOrEqual(40);
    }
  });
});

describe('optimize', () => {
  it('ranks a grid by the metric, the same on two worker threads as inline', async () => {
    const space = { kind: 'grid' as const, values: { fast: [5, 10, 15], slow: [20, 30] } };
    const base = {
      strategyKind: 'sma-cross',
      bars,
      space,
      metric: 'sharpe' as const,
      startingCash: '100000',
      rules,
    };
    const parallel = await optimize({ ...base, workers: 2 });
    const inline = await optimize({ ...base, workers: 1 });
    expect(parallel).toHaveLength(6);
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(inline));
    for (let index = 1; index < parallel.length; index++)
      expect(parallel[index - 1]!.score).toBeGreaterThanOrEqual(parallel[index]!.score);
  }, 60_000);
});

describe('walkForward', () => {
  it('optimizes in sample, tests out of sample, and stitches the out-of-sample equity', async () => {
    const result = await walkForward({
      strategyKind: 'sma-cross',
      bars,
      space: { kind: 'grid', values: { fast: [5, 10], slow: [20, 30] } },
      metric: 'totalReturn',
      startingCash: '100000',
      rules,
      workers: 2,
      inSampleBars: 252,
      outOfSampleBars: 126,
    });
    // 756 bars: out-of-sample windows start at bars 252, 378, 504 and 630.
    const series = bars.get(orcl) ?? [];
    const dateOf = (index: number) => new Date(series[index]!.time).toISOString().slice(0, 10);
    expect(result.windows.map((window) => window.outOfSample.from)).toEqual([252, 378, 504, 630].map(dateOf));
    expect(result.windows[0]?.outOfSample.from).toBe('2004-01-02');
    for (const window of result.windows) expect([5, 10]).toContain(window.best.fast);
    // Each window starts with the equity the previous one ended with, and the curve covers every test bar.
    expect(result.stitchedCurve).toHaveLength(756 - 252);
    expect(result.finalEquity).toBeCloseTo(result.stitchedCurve[result.stitchedCurve.length - 1]!.equity, 4);
  }, 60_000);
});
