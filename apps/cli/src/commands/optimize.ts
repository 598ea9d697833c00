// `ats optimize`: grid or random search, or walk-forward analysis, of a strategy's parameters on worker threads.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { optimize, parseYahooCsv, type RankingMetric, type SearchSpace, walkForward } from '@ats/backtest';
import { type Bar, InvalidInputError, type Ticker, toSymbol } from '@ats/core';
import type { Command } from 'commander';
import { collect, dataFileFor } from './backtest.js';
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

export function registerOptimizeCommand(program: Command): void {
  program
    .command('optimize')
    .description(
      "search a strategy's parameters (grid or random) or run a walk-forward analysis, in parallel",
    )
    .requiredOption('--strategy <kind>', 'strategy kind')
    .requiredOption('--symbols <list>', 'comma-separated symbols')
    .option('--grid <name=from:to:step>', 'a parameter grid axis (repeatable)', collect, [])
    .option('--random <samples>', 'draw this many random points inside the grid axes instead of all of them')
    .option('--seed <n>', 'seed of the random search', '1')
    .option('--metric <name>', `ranking metric (${metrics.join(', ')})`, 'sharpe')
    .option(
      '--walk-forward <in:out>',
      'walk-forward with in-sample and out-of-sample lengths in bars, e.g. 504:126',
    )
    .option('--from <date>', 'first date')
    .option('--to <date>', 'last date')
    .option('--cash <amount>', 'starting cash', '100000')
    .option('--commission-bps <bps>', 'commission in basis points', '0')
    .option('--workers <n>', 'worker threads', String(Math.max(1, availableParallelism())))
    .option('--data <path>', 'CSV file or folder (default: bundled data)')
    .option('--top <n>', 'rows to print', '10')
    .option('--report <folder>', 'write optimization.json there')
    .action(async (options: Record<string, string | string[] | undefined>) => {
      const metric = options.metric as RankingMetric;
      if (!metrics.includes(metric))
        throw new InvalidInputError('--metric', `'${metric}' is not one of ${metrics.join(', ')}`);
      const grid = parseGrid(options.grid as string[]);
      if (Object.keys(grid).length === 0)
        throw new InvalidInputError('--grid', 'give at least one axis, e.g. --grid fast=5:20:5');
      const symbols = String(options.symbols)
        .split(',')
        .map((symbol) => toSymbol(symbol.trim().toUpperCase()));
      const range = dateRange(options.from, options.to);
      positiveCash('--cash', String(options.cash));
      const commissionBps = boundedNumber('--commission-bps', String(options.commissionBps), 0, 1_000);
      const workers = wholeNumber('--workers', String(options.workers), 1, 256);
      const bars = new Map<Ticker, Bar[]>();
      for (const symbol of symbols) {
        const file = dataFileFor(symbol, options.data as string | undefined);
        const series = parseYahooCsv(readFileSync(file, 'utf8'), { symbol, ...range });
        if (series.length === 0)
          throw new InvalidInputError(
            range.from !== undefined ? '--from' : '--to',
            `no bars of ${symbol} between ${range.from ?? 'the start'} and ${range.to ?? 'the end'} in ${file}`,
          );
        bars.set(symbol, series);
      }
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
        console.log(
          `stitched out-of-sample final equity ${result.finalEquity.toFixed(2)} from ${options.cash}`,
        );
        output = result;
      } else {
        const ranked = await optimize({ ...base, onProgress: (done) => progress.update(done) });
        progress.finish();
        console.log(
          `rank  parameters               ${metric.padStart(10)}  total return  max drawdown  trades`,
        );
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
    });
}
