// Releasing a backtest result: what was read stays readable, an unbuilt curve refuses, and the next run of
// the process writes its curves into the released memory with the same results as a run that took fresh.
import { describe, expect, it } from 'vitest';
import { type BacktestConfig, releaseBacktestResult, runBacktest } from './backtest-runner.js';
import { orcl, orclSmaCrossConfig } from './orcl-sma-cross.test-support.js';

const config: BacktestConfig = orclSmaCrossConfig({ account: { kind: 'margin' } });

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
