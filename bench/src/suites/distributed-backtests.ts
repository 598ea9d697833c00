// Measures what the BullMQ queue adds to one parameter evaluation: a round trip through Redis to a
// backtest worker (in this process, evaluating on its worker threads) against the same evaluation run
// here, one at a time, and the throughput of a batch queued at once. Needs REDIS_URL.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  bundledDataFile,
  type EvaluationTask,
  evaluateParameters,
  parseYahooCsv,
  serializeSeries,
} from '@ats/backtest';
import type { Ticker } from '@ats/core';
import { DistributedBacktestQueue, startBacktestWorker } from '@ats/services';
import {
  type BenchmarkRow,
  type BenchmarkSuite,
  formatDuration,
  formatRate,
  quantile,
} from '../benchmark-row.js';

const noRuns = {
  create: async () => {},
  updateProgress: async () => {},
  finish: async () => {},
  find: async () => null,
  result: async () => null,
  list: async () => [],
};

function spread(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `median ${formatDuration(quantile(sorted, 0.5))}, p10-p90 ${formatDuration(quantile(sorted, 0.1))}-${formatDuration(quantile(sorted, 0.9))}`;
}

async function timed(times: number, work: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < times; index++) {
    const begin = performance.now();
    await work();
    samples.push(performance.now() - begin);
  }
  return samples;
}

export const distributedBacktestsSuite: BenchmarkSuite = {
  name: 'distributed-backtests',
  async run(): Promise<readonly BenchmarkRow[]> {
    const url = process.env.REDIS_URL;
    if (!url)
      return [
        {
          component: 'Distributed backtests',
          metric: 'queue round trip',
          target: '',
          measured: 'not run: REDIS_URL is not set',
          ratio: Number.NaN,
        },
      ];
    const orcl = 'ORCL' as Ticker;
    const bars = parseYahooCsv(readFileSync(bundledDataFile('ORCL') as string, 'utf8'), {
      symbol: orcl,
      from: '2004-01-01',
      to: '2004-12-31',
    });
    const task: EvaluationTask = {
      strategyKind: 'sma-cross',
      parameters: { fast: 10, slow: 30 },
      series: [serializeSeries(orcl, bars)],
      from: Number.NEGATIVE_INFINITY,
      to: Number.POSITIVE_INFINITY,
      startingCash: '100000',
      rules: {
        marketFill: 'next-open',
        slippage: { kind: 'none' },
        commission: { kind: 'basis-points', basisPoints: 10 },
      },
    };
    const deploymentName = `bench-${randomBytes(4).toString('hex')}`;
    const worker = await startBacktestWorker({
      endpoint: url,
      deploymentName,
      runs: noRuns,
      name: 'bench',
      concurrency: 2,
      lockDurationMilliseconds: 30_000,
      stalledIntervalMilliseconds: 15_000,
      maxStalledCount: 1,
      onError: () => {},
    });
    const queue = new DistributedBacktestQueue({
      endpoint: url,
      deploymentName,
      attempts: 1,
      pollMilliseconds: 5,
    });
    try {
      await timed(5, () => evaluateParameters(task));
      await timed(5, () => queue.evaluate(task));
      const local = await timed(40, () => evaluateParameters(task));
      const remote = await timed(40, () => queue.evaluate(task));
      const batch = 40;
      const begin = performance.now();
      await Promise.all(Array.from({ length: batch }, () => queue.evaluate(task)));
      const seconds = (performance.now() - begin) / 1000;
      return [
        {
          component: 'Distributed backtests',
          metric: `one evaluation here (${bars.length} daily bars, 40 samples)`,
          target: '',
          measured: spread(local),
          ratio: Number.NaN,
        },
        {
          component: 'Distributed backtests',
          metric: 'the same through the queue to a worker (round trip, 5 ms poll)',
          target: '',
          measured: spread(remote),
          ratio: Number.NaN,
        },
        {
          component: 'Distributed backtests',
          metric: `${batch} queued at once, one worker of concurrency 2`,
          target: '',
          measured: formatRate(batch / seconds),
          ratio: Number.NaN,
        },
      ];
    } finally {
      await worker.close();
      await queue.obliterate().catch(() => {});
      await queue.close();
    }
  },
};
