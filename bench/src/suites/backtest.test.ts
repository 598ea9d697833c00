// The benchmark's ORCL backtests: the bars-only variant holds back every order and nothing else; the
// unoptimized variant runs in a process with V8's optimizing compiler off.
import { readFileSync } from 'node:fs';
import { parseYahooCsv } from '@ats/backtest';
import type { Ticker } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { withCollectionTime } from '../garbage-collection-time.js';
import {
  describePageFaults,
  smaCrossConfig,
  smaCrossRun,
  timedRun,
  unoptimizedRates,
  withoutOrders,
} from './backtest.js';

const text = readFileSync(
  new URL('../../../packages/backtest/fixtures/orcl-1995-2014.txt', import.meta.url),
  'utf8',
);

describe('the backtest benchmark', () => {
  it('with its signals held back, the ORCL run sees every bar and places no order', async () => {
    const orcl = 'ORCL' as Ticker;
    const config = await smaCrossConfig(new Map([[orcl, parseYahooCsv(text, { symbol: orcl })]]));
    const full = smaCrossRun(config);
    const barsOnly = smaCrossRun(withoutOrders(config));
    expect(full.orders).toHaveLength(195);
    expect(barsOnly.bars).toBe(full.bars);
    expect(barsOnly.orders).toHaveLength(0);
    expect(barsOnly.finalEquity).toBe('1000000.0000');
    // The held-back run leaves the full one unchanged when run again after it.
    expect(smaCrossRun(config).finalEquity).toBe(full.finalEquity);
  });

  it('counts the minor page faults of a timed run and reports their median and range', async () => {
    const orcl = 'ORCL' as Ticker;
    const config = await smaCrossConfig(new Map([[orcl, parseYahooCsv(text, { symbol: orcl })]]));
    const timed = timedRun(config);
    expect(Number.isInteger(timed.pageFaults)).toBe(true);
    expect(timed.pageFaults).toBeGreaterThanOrEqual(0);
    expect(describePageFaults([3_000, 2_000, 16_000])).toBe(
      'minor page faults per run: median 3000 (min 2000, max 16000)',
    );
  });

  it('runs the unoptimized ORCL backtest three times in a process with the optimizing compiler off', () => {
    // The compiled script (npm test builds before it runs the tests).
    const report = unoptimizedRates(
      new URL('../../dist/suites/backtest-without-optimizer.js', import.meta.url),
    );
    expect(report.optimizerOff).toBe(true);
    expect(report.rates).toHaveLength(3);
    for (const rate of report.rates) expect(rate).toBeGreaterThan(0);
  });

  it('times the collections that started while the work ran', async () => {
    const timed = await withCollectionTime(() => {
      let kept: { index: number }[] = [];
      for (let index = 0; index < 2_000_000; index++) {
        kept.push({ index });
        if (kept.length > 100_000) kept = [];
      }
      return kept.length;
    });
    expect(timed.value).toBeGreaterThan(0);
    expect(timed.collectionMilliseconds).toBeGreaterThan(0);
    expect(timed.collectionMilliseconds).toBeLessThanOrEqual(timed.elapsedMilliseconds);
  });
});
