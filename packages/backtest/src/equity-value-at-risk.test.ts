// VaR over time in a backtest: the ORCL SMA(10)/SMA(30) run carries the rolling historical VaR of its
// equity, equal to a recomputation at a chosen point, and the HTML report charts it.
import { describe, expect, it } from 'vitest';
import { runBacktest } from './backtest-runner.js';
import { equityValueAtRisk } from './equity-value-at-risk.js';
import { renderHtmlReport } from './html-report.js';
import { orclSmaCrossConfig } from './orcl-sma-cross.test-support.js';

describe('VaR over time in a backtest', () => {
  const result = runBacktest(orclSmaCrossConfig({ account: { kind: 'margin' } }));

  it('gives the 99% historical VaR of the equity over a rolling window at each point', () => {
    const { values, window, confidence } = result.valueAtRisk;
    const equity = result.equityCurve.map((point) => point.equity);
    // 5,036 points: a quarter is longer than 250, so the window is 250 bars.
    expect(window).toBe(250);
    expect(confidence).toBe(0.99);
    expect(values).toHaveLength(equity.length);
    expect(values[window - 1]).toBeNull();
    // Recomputed at the last point: the window's 250 returns applied to the last equity; k = ⌈2.5⌉ = 3.
    const last = equity.length - 1;
    const losses = equity
      .slice(last - window, last + 1)
      .flatMap((value, index, all) =>
        index === 0 ? [] : [-(equity[last] as number) * (value / (all[index - 1] as number) - 1)],
      )
      .sort((a, b) => b - a);
    expect(values[last]).toBeCloseTo(losses[2] as number, 6);
    expect(values.filter((value) => value !== null && value > 0).length).toBeGreaterThan(1000);
  });

  it('computes the series on first read, not when the run ends (a printed summary never reads it)', () => {
    const equity = Float64Array.from({ length: 100 }, (_, index) => 100 + (index % 7));
    const lazy = equityValueAtRisk(equity);
    // Written after the call and before the read: the read sees it, so nothing was computed before.
    equity.fill(100);
    // A flat curve has no loss: a VaR of zero at every point after the first window.
    expect(lazy.values.slice(lazy.window).every((value) => value === 0)).toBe(true);
    expect(JSON.parse(JSON.stringify(lazy)).values).toHaveLength(100);
  });

  it('charts it in the HTML report', () => {
    const html = renderHtmlReport(result, { title: 'ORCL', startingCash: 100_000 });
    expect(html).toContain('<h2>Value at risk (99%, one bar, historical over 250 bars)</h2>');
    expect(
      renderHtmlReport(
        { ...result, valueAtRisk: equityValueAtRisk([1, 2, 3]) },
        { title: 'short', startingCash: 1 },
      ),
    ).toContain('shorter than the 20-bar window');
  });
});
