// The one-pass metrics against the definitions computed one statistic per pass (as written before the
// passes were folded together): the same floats, bit for bit, on random curves with gaps and flat runs.
import { SeededRandom } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { performanceMetrics } from './performance-metrics.js';

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function deviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const average = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - average) ** 2, 0) / (values.length - 1));
}

function returnsOf(start: number, equities: readonly number[]): number[] {
  let previous = start;
  return equities.map((equity) => {
    const change = previous === 0 ? 0 : equity / previous - 1;
    previous = equity;
    return change;
  });
}

/** Sharpe, Sortino, volatility, drawdown, duration, turnover and beta, one pass each. */
function reference(start: number, equities: number[], benchmark: number[], periodsPerYear: number) {
  const returns = returnsOf(start, equities);
  const volatility = deviation(returns);
  const average = mean(returns);
  const downside = Math.sqrt(
    returns.reduce((sum, value) => sum + Math.min(value, 0) ** 2, 0) / Math.max(1, returns.length),
  );
  let peak = start;
  let peakIndex = 0;
  let maxDrawdown = 0;
  let maxDuration = 0;
  let equitySum = start;
  for (let index = 1; index <= equities.length; index++) {
    const equity = equities[index - 1] as number;
    equitySum += equity;
    if (equity >= peak) {
      peak = equity;
      peakIndex = index;
    } else maxDrawdown = Math.max(maxDrawdown, 1 - equity / peak);
    maxDuration = Math.max(maxDuration, index - peakIndex);
  }
  const benchmarkReturns = returnsOf(start, benchmark);
  const benchmarkMean = mean(benchmarkReturns);
  let covariance = 0;
  let variance = 0;
  for (let index = 0; index < returns.length; index++) {
    covariance +=
      ((returns[index] as number) - average) * ((benchmarkReturns[index] as number) - benchmarkMean);
    variance += ((benchmarkReturns[index] as number) - benchmarkMean) ** 2;
  }
  const annualization = Math.sqrt(periodsPerYear);
  return {
    annualVolatility: volatility * annualization,
    sharpe: volatility === 0 ? 0 : (average / volatility) * annualization,
    sortino: downside === 0 ? 0 : (average / downside) * annualization,
    maxDrawdown,
    maxDrawdownDuration: maxDuration,
    averageEquity: equitySum / (equities.length + 1),
    beta: variance === 0 ? 0 : covariance / variance,
    alpha: (average - (variance === 0 ? 0 : covariance / variance) * benchmarkMean) * periodsPerYear,
  };
}

/** A seeded random walk with flat stretches (returns of exactly 0) and a zero-equity point. */
function walk(seed: number, length: number): number[] {
  const random = new SeededRandom(seed);
  const values: number[] = [];
  let equity = 1000;
  for (let index = 0; index < length; index++) {
    if (Math.floor(index / 50) % 3 !== 1) equity *= 1 + (random.next() - 0.5) * 0.02;
    values.push(index === 333 ? 0 : equity);
  }
  return values;
}

describe('performanceMetrics in one pass', () => {
  it('gives bit-identical volatility, Sharpe, Sortino, drawdown, duration, alpha and beta to one pass per statistic', () => {
    for (const seed of [1, 2, 3, 4]) {
      const equities = walk(seed, 2000);
      const benchmark = walk(seed + 100, 2000);
      const expected = reference(1000, equities, benchmark, 252);
      for (const curve of [
        { equity: Float64Array.from(equities), exposure: new Float64Array(equities.length) },
        equities.map((equity, time) => ({ time, equity, exposure: 0 })),
      ]) {
        const metrics = performanceMetrics({
          curve,
          roundTrips: [],
          startingCash: 1000,
          tradedNotional: 1e6,
          commissions: 0,
          periodsPerYear: 252,
          benchmark,
        });
        expect(metrics.annualVolatility).toBe(expected.annualVolatility);
        expect(metrics.sharpe).toBe(expected.sharpe);
        expect(metrics.sortino).toBe(expected.sortino);
        expect(metrics.maxDrawdown).toBe(expected.maxDrawdown);
        expect(metrics.maxDrawdownDuration).toBe(expected.maxDrawdownDuration);
        expect(metrics.turnover).toBe(1e6 / expected.averageEquity / (2000 / 252));
        expect(metrics.beta).toBe(expected.beta);
        expect(metrics.alpha).toBe(expected.alpha);
      }
    }
  });
});
