// Bars per second through a full backtest (bus, strategy, risk, orders, fills, portfolio, results):
// one symbol cold and warm, and 100 symbols at once.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  assembleBacktest,
  type BacktestConfig,
  type BacktestResult,
  parseYahooCsv,
  releaseBacktestResult,
  runBacktest,
} from '@ats/backtest';
import type { Bar, Ticker, Timeframe } from '@ats/core';
import type { StrategyContext } from '@ats/engine';
import { SmaCrossStrategy } from '@ats/strategies';
import { type BenchmarkRow, type BenchmarkSuite, formatRate } from '../benchmark-row.js';
import { withCollectionTime } from '../garbage-collection-time.js';
import { describeRates, loadText, rateStatistics } from '../run-statistics.js';
import type { UnoptimizedRates } from './backtest-without-optimizer.js';

const text = readFileSync(
  new URL('../../../packages/backtest/fixtures/orcl-1995-2014.txt', import.meta.url),
  'utf8',
);

/**
 * The SMA(10/30) cross, all in at the next open, 0.1% commission, margin account, as the one backtest
 * builder assembles it for the CLI and the REST API (bars already loaded); built once, run many times.
 */
export async function smaCrossConfig(
  bars: ReadonlyMap<Ticker, readonly Bar[]>,
  timeframe: Timeframe = '1d',
): Promise<BacktestConfig> {
  const assembled = await assembleBacktest(
    {
      strategy: 'sma-cross',
      parameters: { fast: 10, slow: 30 },
      symbols: [...bars.keys()],
      cash: '1000000',
      commissionBps: 10,
      account: 'margin',
    },
    { loaded: { bars: bars as Map<Ticker, Bar[]>, timeframe } },
  );
  return assembled.config;
}

/** One full run (a fresh kernel and results each time). */
export function smaCrossRun(config: BacktestConfig): BacktestResult {
  return runBacktest(config);
}

export interface TimedRun {
  /** Bars per second of wall time. */
  readonly rate: number;
  /**
   * Bars per second of this process's CPU time (user + system): on a machine shared with other work,
   * wall time also counts the time the process waited for a core; CPU time does not.
   */
  readonly cpuRate: number;
  /**
   * Minor page faults during the run: memory touched for the first time (about 11-15 µs a 4 KB page on
   * the bench's virtual machine, the `backtest-minute` suite's fresh-page row).
   */
  readonly pageFaults: number;
  readonly result: BacktestResult;
}

export function timedRun(config: BacktestConfig): TimedRun {
  const faults = process.resourceUsage().minorPageFault;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = smaCrossRun(config);
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    rate: (result.bars / elapsed) * 1000,
    cpuRate: (result.bars / Math.max(1, used.user + used.system)) * 1e6,
    pageFaults: process.resourceUsage().minorPageFault - faults,
    result,
  };
}

/** One run whose result is released once built, as the optimizer's evaluator does (see releasedRuns). */
export function releasedRun(config: BacktestConfig): void {
  releaseBacktestResult(smaCrossRun(config));
}

/**
 * `runs` counted runs after `warmUp` uncounted ones, each with its own kernel and results. Each result
 * is released after it is built and timed, as the optimizer's evaluator releases each parameter set's
 * (`releaseBacktestResult`): the next run writes its curves into memory already mapped. A caller that
 * keeps its results pays fresh pages instead (the backtest-minute suite's child rows).
 */
export function warmRates(
  config: BacktestConfig,
  runs: number,
  warmUp: number,
): { wall: number[]; cpu: number[]; pageFaults: number[] } {
  for (let run = 0; run < warmUp; run++) releasedRun(config);
  const wall: number[] = [];
  const cpu: number[] = [];
  const pageFaults: number[] = [];
  for (let run = 0; run < runs; run++) {
    const timed = timedRun(config);
    releaseBacktestResult(timed.result);
    wall.push(timed.rate);
    cpu.push(timed.cpuRate);
    pageFaults.push(timed.pageFaults);
  }
  return { wall, cpu, pageFaults };
}

/** The median and range of the runs' minor page faults. */
export function describePageFaults(pageFaults: readonly number[]): string {
  const sorted = [...pageFaults].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  return `minor page faults per run: median ${median} (min ${sorted[0] ?? 0}, max ${sorted[sorted.length - 1] ?? 0})`;
}

/**
 * The SMA cross with its signals held back: the same bars, averages and crossovers through the same
 * kernel (bus, risk, venue, portfolio, results), and no order. Its rate is the bar path's alone; what the
 * full run takes beyond it, over the full run's orders, is what one order costs.
 */
class SmaCrossWithoutOrders extends SmaCrossStrategy {
  private silent: StrategyContext | null = null;

  override onBar(bar: Bar, context: StrategyContext): void {
    this.silent ??= withoutSignals(context);
    super.onBar(bar, this.silent);
  }
}

/** The context with `signal` doing nothing (everything else read through to the real one). */
function withoutSignals(context: StrategyContext): StrategyContext {
  const silent = Object.create(context) as StrategyContext;
  Object.defineProperty(silent, 'signal', { value: () => {} });
  return silent;
}

/** The same backtest with every SMA-cross strategy's signals held back. */
export function withoutOrders(config: BacktestConfig): BacktestConfig {
  return {
    ...config,
    strategies: () =>
      config
        .strategies()
        .map((strategy) =>
          strategy instanceof SmaCrossStrategy
            ? new SmaCrossWithoutOrders(strategy.id, strategy.symbols, strategy.parameters)
            : strategy,
        ),
  };
}

/**
 * The ORCL backtest's rates in a fresh process with V8's optimizing compiler off (`node --no-opt`), run
 * by `backtest-without-optimizer.js`: the first run's ceiling before any optimized code exists.
 */
export function unoptimizedRates(
  script: URL = new URL('./backtest-without-optimizer.js', import.meta.url),
): UnoptimizedRates {
  const output = execFileSync(process.execPath, ['--no-opt', fileURLToPath(script)], { encoding: 'utf8' });
  const lines = output.trim().split('\n');
  const report = JSON.parse(lines[lines.length - 1] as string) as UnoptimizedRates;
  if (!report.optimizerOff) throw new Error('the unoptimized backtest did not run with --no-opt');
  return report;
}

/** Wall-time median and spread, then the CPU-time median and spread. */
export function describeWallAndCpu(rates: { wall: number[]; cpu: number[] }): string {
  const cpu = rateStatistics(rates.cpu);
  return `${describeRates(rateStatistics(rates.wall))}; CPU-time median ${formatRate(cpu.median)} (p10 ${formatRate(cpu.low)}, p90 ${formatRate(cpu.high)})`;
}

export const backtestSuite: BenchmarkSuite = {
  name: 'backtest',
  async run(): Promise<BenchmarkRow[]> {
    const orcl = 'ORCL' as Ticker;
    const single = new Map([[orcl, parseYahooCsv(text, { symbol: orcl })]]);
    // The first run of this fresh process (the suite runs in its own): compiles everything on the way.
    const singleConfig = await smaCrossConfig(single);
    const cold = timedRun(singleConfig);
    const coldLoad = loadText();
    // The second run: how soon the process reaches optimized code (each run builds a fresh kernel).
    const second = timedRun(singleConfig);
    const secondLoad = loadText();
    // Warm means the process has reached its steady state: a run of this backtest places ~200 orders, so
    // the order path's functions are called a few hundred times per run and V8 optimizes the last of
    // them after some 30 runs (CPU time per run falls from ~200 ms to 20-45 ms by run 20 and ~6 ms by
    // run 30, measured 2026-12-01 on an idle machine). 60 uncounted runs, then 40 counted.
    for (let run = 0; run < 60; run++) releasedRun(singleConfig);
    const counted = await withCollectionTime(() => warmRates(singleConfig, 40, 0));
    const oneRates = counted.value;
    const one = rateStatistics(oneRates.wall);
    const orders = cold.result.orders.length;
    // 100 symbols: ORCL's bars under 100 names, the same history each (time-aligned, 503,600 bars).
    const many = new Map<Ticker, Bar[]>();
    for (let index = 0; index < 100; index++) {
      const symbol = `S${String(index).padStart(3, '0')}` as Ticker;
      many.set(
        symbol,
        (single.get(orcl) as Bar[]).map((bar) => ({
          symbol,
          timeframe: bar.timeframe,
          time: bar.time,
          open: bar.open,
          high: bar.high,
          low: bar.low,
          close: bar.close,
          volume: bar.volume,
        })),
      );
    }
    const hundredRates = warmRates(await smaCrossConfig(many), 7, 1);
    const hundred = rateStatistics(hundredRates.wall);
    // Last: a second strategy class at the runtime's call sites would change what V8 compiled for the
    // rows above.
    const barsOnlyRates = warmRates(withoutOrders(singleConfig), 40, 60);
    const barsOnly = rateStatistics(barsOnlyRates.wall);
    const unoptimized = unoptimizedRates();
    const bars = cold.result.bars;
    const microsecondsPerOrder = ((bars / one.median - bars / barsOnly.median) * 1e6) / orders;
    return [
      {
        component: 'Backtest: SMA(10/30) cross, ORCL 1995-2014, first run in a fresh process',
        metric: `bars/s, full order and portfolio path (${cold.result.metrics.trades} round trips)`,
        target: '1,000,000/s',
        measured: `${formatRate(cold.rate)} (one run; ${coldLoad}); CPU time ${formatRate(cold.cpuRate)}`,
        ratio: cold.rate / 1e6,
      },
      {
        component: 'Backtest: the same, second run in that process',
        metric: 'bars/s, full order and portfolio path',
        target: '1,000,000/s',
        measured: `${formatRate(second.rate)} (one run; ${secondLoad}); CPU time ${formatRate(second.cpuRate)}`,
        ratio: second.rate / 1e6,
      },
      {
        component: "Backtest: the same with V8's optimizing compiler off (node --no-opt), second run",
        metric: 'bars/s: the most a first run can do before optimized code exists',
        target: '',
        measured: `${formatRate(unoptimized.rates[1] as number)} (runs: ${unoptimized.rates.map(formatRate).join(', ')})`,
        ratio: Number.NaN,
      },
      {
        component: 'Backtest: the same, warm (after 60 runs in the process; each result released once built)',
        metric: 'bars/s, full order and portfolio path',
        target: '2,000,000/s',
        measured: `${describeWallAndCpu(oneRates)}; garbage collection ${(counted.collectionMilliseconds / 40).toFixed(2)} ms per run (${((counted.collectionMilliseconds / counted.elapsedMilliseconds) * 100).toFixed(0)}% of the time)`,
        ratio: one.median / 2e6,
      },
      {
        component: 'Backtest: the same, warm, its signals held back (no order: the bar path alone)',
        metric: 'bars/s; what the full run takes beyond it, per order',
        target: '',
        measured: `${describeWallAndCpu(barsOnlyRates)}; so each of the full run's ${orders} orders costs about ${microsecondsPerOrder.toFixed(1)} µs`,
        ratio: Number.NaN,
      },
      {
        component: 'Backtest: the same on 100 symbols at once (503,600 bars)',
        metric: 'bars/s',
        target: '1,000,000/s',
        measured: `${describeWallAndCpu(hundredRates)}; ${describePageFaults(hundredRates.pageFaults)}`,
        ratio: hundred.median / 1e6,
      },
    ];
  },
};
