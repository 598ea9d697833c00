// Risk models: a full Monte Carlo VaR (10,000 paths, 50 positions, Cholesky-correlated shocks, full
// revaluation) against the < 200 ms target, and the live monitor's incremental update per quote.
import { performance } from 'node:perf_hooks';
import { IncrementalPortfolioRisk, monteCarloVar } from '@ats/analytics';
import { SeededRandom } from '@ats/core';
import {
  type BenchmarkRow,
  type BenchmarkSuite,
  formatDuration,
  formatRate,
  quantile,
} from '../benchmark-row.js';

const positions = 50;

/** A one-factor covariance (market beta plus idiosyncratic variance): positive definite, realistic. */
function factorCovariance(size: number, random: SeededRandom): Float64Array {
  const betas = Float64Array.from({ length: size }, () => 0.5 + random.next());
  const idiosyncratic = Float64Array.from({ length: size }, () => (0.01 + 0.02 * random.next()) ** 2);
  const market = 0.012 ** 2;
  const covariance = new Float64Array(size * size);
  for (let i = 0; i < size; i++)
    for (let j = 0; j < size; j++)
      covariance[i * size + j] = betas[i]! * betas[j]! * market + (i === j ? idiosyncratic[i]! : 0);
  return covariance;
}

function timings(runs: number, work: () => void): Float64Array {
  for (let warm = 0; warm < 3; warm++) work();
  const times = new Float64Array(runs);
  for (let run = 0; run < runs; run++) {
    const begin = performance.now();
    work();
    times[run] = performance.now() - begin;
  }
  return times.sort();
}

function spread(times: Float64Array): string {
  return `median ${formatDuration(quantile(times, 0.5))} (p10 ${formatDuration(quantile(times, 0.1))}, p90 ${formatDuration(quantile(times, 0.9))})`;
}

export const riskModelsSuite: BenchmarkSuite = {
  name: 'risk-models',
  async run(): Promise<readonly BenchmarkRow[]> {
    const random = new SeededRandom(2026);
    const covariance = factorCovariance(positions, random);
    const exposures = Float64Array.from({ length: positions }, () => 10_000 + 90_000 * random.next());
    const rows: BenchmarkRow[] = [];
    for (const distribution of ['normal', 'student-t'] as const) {
      let seed = 0;
      const times = timings(30, () => {
        monteCarloVar(covariance, exposures, { confidence: 0.99, paths: 10_000, distribution, seed: ++seed });
      });
      const median = quantile(times, 0.5);
      rows.push({
        component: `Risk: Monte Carlo VaR (${distribution})`,
        metric: '10,000 paths, 50 positions',
        target: '< 200 ms',
        measured: spread(times),
        ratio: 200 / median,
      });
    }
    // The monitor's per-quote work: one price moves, exposures, beta delta, equity and VaR variance follow.
    const symbols = Array.from({ length: positions }, (_, index) => `S${index}`);
    const monitor = new IncrementalPortfolioRisk(
      symbols,
      symbols.map((_, index) => `sector-${index % 10}`),
    );
    monitor.setCash(1_000_000);
    for (let slot = 0; slot < positions; slot++) {
      monitor.setPrice(slot, 100);
      monitor.setQuantity(slot, (exposures[slot]! / 100) * (slot % 7 === 0 ? -1 : 1));
    }
    monitor.setCovariance(covariance);
    const quotes = 1_000_000;
    const prices = Float64Array.from({ length: 4096 }, () => 95 + 10 * random.next());
    const rate = measureRate(quotes, () => {
      for (let quote = 0; quote < quotes; quote++) monitor.setPrice(quote % positions, prices[quote & 4095]!);
    });
    rows.push({
      component: 'Risk: live monitor',
      metric: 'incremental update per quote (50 positions)',
      target: '',
      measured: `${formatRate(rate)} (${formatDuration(1000 / rate)} per quote)`,
      ratio: Number.NaN,
    });
    return rows;
  },
};

/** Best operations per second over a few runs (the least disturbed). */
function measureRate(operations: number, work: () => void): number {
  const times = timings(7, work);
  return (operations / (times[0] as number)) * 1000;
}
