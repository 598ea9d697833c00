// Each metric on a fixed series, against values worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { performanceMetrics } from './performance-metrics.js';

// Starting cash 100; equity after each of 4 periods: 110, 99, 108.9, 119.79.
// Returns: +10%, −10%, +10%, +10%.
const curve = [110, 99, 108.9, 119.79].map((equity, index) => ({
  time: index,
  equity,
  exposure: index === 1 ? 0 : equity,
}));
const roundTrips = [
  { symbol: 'A', entryTime: 0, exitTime: 1, pnl: 10 },
  { symbol: 'A', entryTime: 1, exitTime: 2, pnl: -5 },
  { symbol: 'A', entryTime: 2, exitTime: 3, pnl: 15 },
];

describe('performanceMetrics', () => {
  const metrics = performanceMetrics({
    curve,
    roundTrips,
    startingCash: 100,
    tradedNotional: 800,
    commissions: 2,
    periodsPerYear: 4,
    benchmark: [105, 110.25, 115.7625, 121.550625],
  });

  it('computes returns and risk', () => {
    expect(metrics.totalReturn).toBeCloseTo(0.1979, 10);
    // One year of 4 periods: CAGR = total return.
    expect(metrics.cagr).toBeCloseTo(0.1979, 10);
    // Mean return 0.05; sample stdev of (0.1, −0.1, 0.1, 0.1) = sqrt((3 × 0.05² + 0.15²) / 3) = 0.1.
    expect(metrics.annualVolatility).toBeCloseTo(0.1 * 2, 10);
    expect(metrics.sharpe).toBeCloseTo((0.05 / 0.1) * 2, 10);
    // Downside deviation = sqrt(0.1² / 4) = 0.05 -> Sortino = 0.05 / 0.05 × 2 = 2.
    expect(metrics.sortino).toBeCloseTo(2, 10);
  });

  it('computes drawdown and Calmar', () => {
    // Peak 110, trough 99: 10%; from the peak (period 1) back above it at period 4: 2 periods under water.
    expect(metrics.maxDrawdown).toBeCloseTo(0.1, 10);
    expect(metrics.maxDrawdownDuration).toBe(2);
    expect(metrics.calmar).toBeCloseTo(1.979, 10);
  });

  it('computes trade statistics', () => {
    expect(metrics.trades).toBe(3);
    expect(metrics.winRate).toBeCloseTo(2 / 3, 10);
    expect(metrics.profitFactor).toBeCloseTo(25 / 5, 10);
    expect(metrics.expectancy).toBeCloseTo(20 / 3, 10);
    expect(metrics.averageWin).toBe(12.5);
    expect(metrics.averageLoss).toBe(-5);
    expect(metrics.exposure).toBe(0.75);
    // Average equity (100 + 110 + 99 + 108.9 + 119.79) / 5 = 107.538; 800 / 107.538 per year.
    expect(metrics.turnover).toBeCloseTo(800 / 107.538, 10);
    expect(metrics.commissions).toBe(2);
  });

  it('computes the benchmark, alpha and beta', () => {
    // Benchmark returns are a constant 5%: no variance, so beta is 0 and alpha is the mean return × 4.
    expect(metrics.benchmarkReturn).toBeCloseTo(0.21550625, 10);
    expect(metrics.beta).toBe(0);
    expect(metrics.alpha).toBeCloseTo(0.2, 10);
    const tracking = performanceMetrics({
      curve,
      roundTrips,
      startingCash: 100,
      tradedNotional: 0,
      commissions: 0,
      periodsPerYear: 4,
      benchmark: curve.map((point) => point.equity),
    });
    // Against itself: beta 1, alpha 0.
    expect(tracking.beta).toBeCloseTo(1, 10);
    expect(tracking.alpha).toBeCloseTo(0, 10);
  });
});
