// A million one-minute bars through the full backtest path, against backtrader's ~18k bars/s here.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { releaseBacktestResult } from '@ats/backtest';
import { type Bar, Price, SeededRandom, type Ticker } from '@ats/core';
import { type BenchmarkRow, type BenchmarkSuite, formatRate } from '../benchmark-row.js';
import { freshPageMicroseconds } from '../fresh-page-cost.js';
import { loadText, rateStatistics } from '../run-statistics.js';
import { describePageFaults, describeWallAndCpu, smaCrossConfig, timedRun, warmRates } from './backtest.js';
import type { MinuteChildReport } from './backtest-minute-child.js';

/** glibc's tunable for transparent huge pages in malloc, as the supervisor starts the backtesting service. */
export const hugePageTunable = 'glibc.malloc.hugetlb=1';

/**
 * The minute-bar backtest in a fresh child process (`backtest-minute-child.js`), with `GLIBC_TUNABLES`
 * set to `tunables` or unset (''); any GLIBC_TUNABLES of this process is not passed on.
 */
export function minuteChildReport(
  tunables: string,
  script: URL = new URL('./backtest-minute-child.js', import.meta.url),
  bars?: number,
): MinuteChildReport {
  const { GLIBC_TUNABLES: _ignored, ...environment } = process.env;
  const output = execFileSync(process.execPath, [fileURLToPath(script)], {
    encoding: 'utf8',
    env: {
      ...environment,
      ...(tunables === '' ? {} : { GLIBC_TUNABLES: tunables }),
      ...(bars === undefined ? {} : { ATS_MINUTE_BARS: String(bars) }),
    },
  });
  const lines = output.trim().split('\n');
  const report = JSON.parse(lines[lines.length - 1] as string) as MinuteChildReport;
  if (report.tunables !== tunables)
    throw new Error(`the minute-bar child ran with GLIBC_TUNABLES '${report.tunables}', not '${tunables}'`);
  return report;
}

/** backtrader's rate on the same strategy and 1M minute bars on this machine (measured once, by hand). */
const backtraderBarsPerSecond = 18_000;

/**
 * 1,016,224 synthetic one-minute bars of one symbol (as many as the measurement): a seeded
 * random walk of 2-decimal prices, 390 bars a session, so averages tie as often as on real minute data.
 */
export function syntheticMinuteBars(count = 1_016_224): Map<Ticker, Bar[]> {
  const symbol = 'SPY' as Ticker;
  const random = new SeededRandom(3);
  const bars: Bar[] = new Array(count);
  let cents = 12_700;
  let day = Date.UTC(2011, 0, 3, 14, 30);
  for (let index = 0; index < count; index++) {
    const minute = index % 390;
    if (index > 0 && minute === 0) day += 86_400_000;
    const open = cents;
    cents = Math.max(100, cents + Math.round(random.nextGaussian() * 3));
    const high = Math.max(open, cents) + Math.floor(random.next() * 3);
    const low = Math.min(open, cents) - Math.floor(random.next() * 3);
    bars[index] = {
      symbol,
      timeframe: '1m',
      time: day + minute * 60_000,
      open: Price.fromRaw(open * 100),
      high: Price.fromRaw(high * 100),
      low: Price.fromRaw(low * 100),
      close: Price.fromRaw(cents * 100),
      volume: 100 + Math.floor(random.next() * 10_000),
    };
  }
  return new Map([[symbol, bars]]);
}

export const backtestMinuteSuite: BenchmarkSuite = {
  name: 'backtest-minute',
  async run(): Promise<BenchmarkRow[]> {
    const config = await smaCrossConfig(syntheticMinuteBars(), '1m');
    const first = timedRun(config);
    const firstLoad = loadText();
    const firstTrades = first.result.metrics.trades;
    // Released like the warm runs' results, so the first warm run does not start on fresh memory.
    releaseBacktestResult(first.result);
    const warmMeasured = warmRates(config, 5, 0);
    const warm = rateStatistics(warmMeasured.wall);
    const pages = freshPageMicroseconds();
    // Two child processes, one after the other: the same runs without and with huge pages for malloc.
    const plain = minuteChildReport('');
    const huge = minuteChildReport(hugePageTunable);
    const plainWarm = rateStatistics([...plain.warm]);
    const hugeWarm = rateStatistics([...huge.warm]);
    return [
      {
        component: 'Backtest: SMA(10/30) cross on 1,016,224 minute bars, first run in a fresh process',
        metric: `bars/s (${firstTrades} round trips)`,
        target: '1,000,000/s',
        measured: `${formatRate(first.rate)} (one run; ${firstLoad}); CPU time ${formatRate(first.cpuRate)}; ${first.pageFaults} minor page faults`,
        ratio: first.rate / 1e6,
      },
      {
        component: 'Machine: memory touched for the first time (a page fault per 4 KB page)',
        metric:
          'µs per page (5 fresh 64 MB buffers); a run of 1,016,224 bars writes its curves (5 columns of 8 bytes a bar, 41 MB) into fresh memory',
        target: '',
        measured: `median ${pages.median.toFixed(2)} µs (min ${pages.low.toFixed(2)}, max ${pages.high.toFixed(2)})`,
        ratio: Number.NaN,
      },
      {
        component:
          'Backtest: the same, warm, against backtrader (~18k bars/s here); each result released once built, as the optimizer does',
        metric: 'bars/s; ratio = times backtrader',
        target: '100x backtrader',
        measured: `${describeWallAndCpu(warmMeasured)}; ${describePageFaults(warmMeasured.pageFaults)}`,
        ratio: warm.median / backtraderBarsPerSecond,
      },
      {
        component:
          "Backtest: the same in two fresh child processes, results kept (each run's curves in fresh memory), without and with glibc's huge pages for malloc (GLIBC_TUNABLES=glibc.malloc.hugetlb=1, as the supervisor starts the backtesting service)",
        metric: 'bars/s, warm median and first run; ratio = times backtrader, with huge pages',
        target: '',
        measured: `without: warm median ${formatRate(plainWarm.median)} (${describePageFaults(plain.pageFaults)}), first run ${formatRate(plain.first)}; with: warm median ${formatRate(hugeWarm.median)} (${describePageFaults(huge.pageFaults)}), first run ${formatRate(huge.first)}`,
        ratio: hugeWarm.median / backtraderBarsPerSecond,
      },
    ];
  },
};
