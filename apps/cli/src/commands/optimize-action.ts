// The work of `ats optimize`, loaded only when it runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  loadMarketData,
  type OptimizationConfig,
  optimize,
  parseBacktestRequest,
  type RankingMetric,
  type SearchSpace,
  symbolsOf,
  walkForward,
} from '@ats/backtest';
import { InvalidInputError } from '@ats/core';
import { boundedNumber, dateRange, positiveCash, wholeNumber } from './option-values.js';
import { progressBar } from './progress-bar.js';

const metrics: readonly RankingMetric[] = [
  'sharpe',
  'sortino',
  'calmar',
  'totalReturn',
  'cagr',
  'profitFactor',
];

/** `--grid fast=5:20:5` -> fast: [5, 10, 15, 20]; `--grid slow=20,30,50` -> a list. */
export function parseGrid(entries: readonly string[]): Record<string, number[]> {
  const grid: Record<string, number[]> = {};
  for (const entry of entries) {
    const range = /^([A-Za-z][\w-]*)=(-?\d+):(-?\d+):(\d+)$/.exec(entry);
    const list = /^([A-Za-z][\w-]*)=(-?\d+(?:,-?\d+)*)$/.exec(entry);
    if (range) {
      const [, name, from, to, step] = range as unknown as [string, string, string, string, string];
      if (Number(step) <= 0 || Number(from) > Number(to))
        throw new InvalidInputError('--grid', `'${entry}' needs from ≤ to and a positive step`);
      const values: number[] = [];
      for (let value = Number(from); value <= Number(to); value += Number(step)) values.push(value);
      grid[name] = values;
    } else if (list) {
      grid[list[1] as string] = (list[2] as string).split(',').map(Number);
    } else {
      throw new InvalidInputError(
        '--grid',
        `'${entry}' must look like name=from:to:step or name=a,b,c`,
        entry,
      );
    }
  }
  return grid;
}

export async function runOptimizeCommand(
  options: Record<string, string | string[] | undefined>,
): Promise<void> {
  const metric = options.metric as RankingMetric;
  if (!metrics.includes(metric))
    throw new InvalidInputError('--metric', `'${metric}' is not one of ${metrics.join(', ')}`);
  const grid = parseGrid(options.grid as string[]);
  if (Object.keys(grid).length === 0)
    throw new InvalidInputError('--grid', 'give at least one axis, e.g. --grid fast=5:20:5');
  const symbols = String(options.symbols)
    .split(',')
    .map((symbol) => symbol.trim().toUpperCase());
  const range = dateRange(options.from, options.to);
  positiveCash('--cash', String(options.cash));
  const commissionBps = boundedNumber('--commission-bps', String(options.commissionBps), 0, 1_000);
  const workers = wholeNumber('--workers', String(options.workers), 1, 256);
  // The bars come through the one backtest builder's loader: the same sources and checks as a backtest.
  const request = parseBacktestRequest({
    strategy: String(options.strategy),
    symbols,
    data: options.data === undefined ? { kind: 'bundled' } : { kind: 'file', path: String(options.data) },
    ...range,
    cash: String(options.cash),
  });
  const loaded = await loadMarketData(request, symbolsOf(request));
  const bars = loaded.bars ?? new Map();
  const space: SearchSpace = options.random
    ? {
        kind: 'random',
        samples: wholeNumber('--random', String(options.random), 1, 100_000),
        seed: wholeNumber('--seed', String(options.seed), 0, 2 ** 32 - 1),
        ranges: Object.fromEntries(
          Object.entries(grid).map(([name, values]) => [
            name,
            [Math.min(...values), Math.max(...values)] as const,
          ]),
        ),
      }
    : { kind: 'grid', values: grid };
  const base = {
    strategyKind: options.strategy as string,
    bars,
    space,
    metric,
    startingCash: String(options.cash),
    rules: {
      marketFill: 'next-open' as const,
      slippage: { kind: 'none' as const },
      commission: { kind: 'basis-points' as const, basisPoints: commissionBps },
    },
    workers,
  };
  const queue = options.distributed ? await distributedQueue(options.env as string | undefined) : null;
  try {
    await search({ ...base, ...(queue ? { evaluator: queue } : {}) }, options, metric);
  } finally {
    await queue?.close();
  }
}

/** The deployment's backtest queue (`ats backtest-worker` processes take its jobs). */
async function distributedQueue(environment: string | undefined) {
  const { DistributedBacktestQueue, loadConfig, redisEndpointOf } = await import('@ats/services');
  const config = loadConfig(environment ? { environment } : {});
  const endpoint = redisEndpointOf(config);
  if (!endpoint)
    throw new InvalidInputError(
      '--distributed',
      'needs Redis: set REDIS_URL (or redis.url in the configuration)',
    );
  return new DistributedBacktestQueue({
    endpoint,
    deploymentName: config.deployment.name,
    attempts: config.backtesting.distributed.attempts,
  });
}

async function search(
  base: OptimizationConfig,
  options: Record<string, string | string[] | boolean | undefined>,
  metric: RankingMetric,
): Promise<void> {
  const progress = progressBar(options.walkForward ? 'walk-forward' : 'optimize');
  let output: unknown;
  if (options.walkForward) {
    const match = /^(\d+):(\d+)$/.exec(options.walkForward as string);
    if (!match)
      throw new InvalidInputError('--walk-forward', `'${options.walkForward}' must look like 504:126`);
    const result = await walkForward({
      ...base,
      inSampleBars: Number(match[1]),
      outOfSampleBars: Number(match[2]),
      onProgress: (done) => progress.update(done),
    });
    progress.finish();
    console.log(
      `window (out of sample)     best parameters          in-sample ${metric}  out-of-sample ${metric}`,
    );
    for (const window of result.windows) {
      console.log(
        `${window.outOfSample.from}..${window.outOfSample.to}  ${JSON.stringify(window.best).padEnd(24)} ${window.inSampleScore.toFixed(4).padStart(12)}  ${window.outOfSampleScore.toFixed(4).padStart(12)}`,
      );
    }
    console.log(`stitched out-of-sample final equity ${result.finalEquity.toFixed(2)} from ${options.cash}`);
    output = result;
  } else {
    const ranked = await optimize({ ...base, onProgress: (done) => progress.update(done) });
    progress.finish();
    console.log(`rank  parameters               ${metric.padStart(10)}  total return  max drawdown  trades`);
    ranked.slice(0, Number(options.top)).forEach((row, index) => {
      console.log(
        `${String(index + 1).padStart(4)}  ${JSON.stringify(row.parameters).padEnd(24)} ${row.score.toFixed(4).padStart(10)}  ${(row.metrics.totalReturn * 100).toFixed(2).padStart(11)}%  ${(row.metrics.maxDrawdown * 100).toFixed(2).padStart(11)}%  ${row.metrics.trades}`,
      );
    });
    output = ranked;
  }
  if (options.report) {
    mkdirSync(options.report as string, { recursive: true });
    writeFileSync(
      join(options.report as string, 'optimization.json'),
      `${JSON.stringify(output, null, 2)}\n`,
    );
  }
}
