// Medians and spread of repeated runs, and the machine's load beside each figure (the machine is shared).
import { loadavg } from 'node:os';
import { formatRate, quantile } from './benchmark-row.js';

export interface RateStatistics {
  readonly median: number;
  /** The 10th and 90th percentiles: how far one run may stray. */
  readonly low: number;
  readonly high: number;
  readonly runs: number;
}

export function rateStatistics(rates: readonly number[]): RateStatistics {
  const sorted = [...rates].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    low: quantile(sorted, 0.1),
    high: quantile(sorted, 0.9),
    runs: sorted.length,
  };
}

/** "median 2.1M/s (p10 1.9M/s, p90 2.3M/s, 40 runs; load 3.2)". */
export function describeRates(statistics: RateStatistics): string {
  return `median ${formatRate(statistics.median)} (p10 ${formatRate(statistics.low)}, p90 ${formatRate(statistics.high)}, ${statistics.runs} runs; ${loadText()})`;
}

/** The one-minute load average, to read a figure against. */
export function loadText(): string {
  return `load ${loadavg()[0]?.toFixed(1)}`;
}
