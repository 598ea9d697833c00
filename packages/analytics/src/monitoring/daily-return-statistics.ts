// Per-sample return statistics seen as daily ones: covariance × samples per day, volatility × √(that),
// correlation unchanged (square-root-of-time scaling of i.i.d. returns); plus beta to a benchmark.
import type { EwmaReturnStatistics } from '../sizing/ewma-return-statistics.js';
import type { ReturnStatistics } from '../sizing/holdings.js';

export class DailyReturnStatistics implements ReturnStatistics {
  constructor(
    private readonly sampled: EwmaReturnStatistics,
    private readonly samplesPerDay: number,
  ) {}

  volatilityOf(symbol: string): number | null {
    const volatility = this.sampled.volatilityOf(symbol);
    return volatility === null ? null : volatility * Math.sqrt(this.samplesPerDay);
  }

  correlationOf(first: string, second: string): number | null {
    return this.sampled.correlationOf(first, second);
  }

  covarianceOf(symbols: readonly string[]): Float64Array | null {
    const covariance = this.sampled.covarianceOf(symbols);
    return covariance ? covariance.map((value) => value * this.samplesPerDay) : null;
  }

  /** β = cov(symbol, benchmark) / var(benchmark), or null while unknown. */
  betaOf(symbol: string, benchmark: string): number | null {
    const covariance = this.sampled.covarianceOf([symbol, benchmark]);
    if (!covariance || !(covariance[3]! > 0)) return null;
    return covariance[1]! / covariance[3]!;
  }
}
