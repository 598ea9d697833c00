// Releasing a backtest result: what was read stays readable, an unbuilt curve refuses, and the next run of
// the process writes its curves into the released memory with the same results as a run that took fresh.
import { readFileSync } from 'node:fs';
import { Money, type Ticker, toStrategyId } from '@ats/core';
import { SmaCrossStrategy } from '@ats/strategies';
import { describe, expect, it } from 'vitest';
import { type BacktestConfig, releaseBacktestResult, runBacktest } from './backtest-runner.js';
import { parseYahooCsv } from './yahoo-csv.js';

const orcl = 'ORCL' as Ticker;
const text = readFileSync(new URL('../fixtures/orcl-1995-2014.txt', import.meta.url), 'utf8');
const config: BacktestConfig = {
  bars: new Map([[orcl, parseYahooCsv(text, { symbol: orcl })]]),
  strategies: () => [new SmaCrossStrategy(toStrategyId('sma-cross'), [orcl], { fast: 10, slow: 30 })],
  startingCash: Money.of('100000'),
  rules: {
    marketFill: 'next-open',
    slippage: { kind: 'none' },
    commission: { kind: 'basis-points', basisPoints: 10 },
  },
  limits: { positionFraction: 1, maxPositionSize: 1 },
  account: { kind: 'margin' },
};

describe('releaseBacktestResult', () => {
  it('keeps what was read before readable and refuses a curve not yet built, naming the release', () => {
    const result = runBacktest(config);
    const curve = result.equityCurve;
    const metrics = result.metrics;
    const orders = result.orders;
    releaseBacktestResult(result);
    expect(result.equityCurve).toBe(curve);
    expect(result.metrics).toBe(metrics);
    expect(result.orders).toBe(orders);
    expect(orders.length).toBeGreaterThan(100);
    expect(() => result.fills).toThrow(/released/);
    expect(() => result.benchmarkCurve).toThrow(/released/);
    expect(() => result.equityColumns).toThrow(/released/);
    expect(() => result.valueAtRisk.values).toThrow(/released/);
    // Twice, or on a clone (which holds plain arrays, no columns), it does nothing.
    releaseBacktestResult(result);
    const clone = JSON.parse(JSON.stringify(runBacktest(config))) as typeof result;
    releaseBacktestResult(clone);
    expect(clone.benchmarkCurve).toHaveLength(5036);
  });

  it('hands the columns to the next run, whose curves, VaR, benchmark, orders and fills equal the released run', () => {
    const fresh = runBacktest(config);
    const expected = {
      curve: fresh.equityCurve,
      benchmark: fresh.benchmarkCurve,
      valueAtRisk: fresh.valueAtRisk.values,
      metrics: fresh.metrics,
      orders: fresh.orders,
      fills: fresh.fills,
    };
    const released = fresh.equityColumns?.equity.buffer;
    releaseBacktestResult(fresh);
    const next = runBacktest(config);
    expect(next.equityColumns?.equity.buffer).toBe(released);
    expect({
      curve: next.equityCurve,
      benchmark: next.benchmarkCurve,
      valueAtRisk: next.valueAtRisk.values,
      metrics: next.metrics,
      orders: next.orders,
      fills: next.fills,
    }).toEqual(expected);
  });

  it('reuses a larger released column for a shorter run, reading only the points the run wrote', () => {
    const long = runBacktest(config);
    releaseBacktestResult(long);
    const bars = (config.bars?.get(orcl) ?? []).slice(0, 400);
    const short = runBacktest({ ...config, bars: new Map([[orcl, bars]]) });
    expect(short.equityCurve).toHaveLength(400);
    expect(short.equityColumns?.equity.buffer.byteLength).toBeGreaterThanOrEqual(5036 * 8);
    const again = runBacktest({ ...config, bars: new Map([[orcl, bars]]) });
    expect(again.equityCurve).toEqual(short.equityCurve);
    expect(again.benchmarkCurve).toEqual(short.benchmarkCurve);
  });
});
