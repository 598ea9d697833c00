// Bars per second through a full backtest (strategy, risk, orders, fills, portfolio): one symbol and 100 at once.
import { readFileSync } from 'node:fs';
import { parseYahooCsv, runBacktest } from '@ats/backtest';
import { type Bar, Money, type Ticker, toStrategyId } from '@ats/core';
import { SmaCrossStrategy } from '@ats/strategies';
import { type BenchmarkRow, type BenchmarkSuite, formatRate, quantile } from '../benchmark-row.js';

const text = readFileSync(
  new URL('../../../packages/backtest/fixtures/orcl-1995-2014.txt', import.meta.url),
  'utf8',
);

interface Measured {
  readonly best: number;
  readonly median: number;
  /** The 10th and 90th percentiles of the runs' rates: how far one run may stray. */
  readonly low: number;
  readonly high: number;
  readonly trades: number;
}

/** `attempts` full runs (fresh kernel each): a 5,000-bar run takes a few milliseconds, so one garbage
 * collection pause halves a single measurement; the best shows the steady speed, the median and the
 * 10th–90th percentiles what a run typically gets. */
function measure(bars: Map<Ticker, Bar[]>, attempts: number): Measured {
  const rates: number[] = [];
  let trades = 0;
  // The first runs compile the code path; they are run but not counted.
  const warmUp = Math.min(5, Math.floor(attempts / 4));
  for (let attempt = 0; attempt < attempts + warmUp; attempt++) {
    const started = performance.now();
    const result = runBacktest({
      bars,
      strategies: () => [
        new SmaCrossStrategy(toStrategyId('sma-cross'), [...bars.keys()], { fast: 10, slow: 30 }),
      ],
      startingCash: Money.of('1000000'),
      rules: {
        marketFill: 'next-open',
        slippage: { kind: 'none' },
        commission: { kind: 'basis-points', basisPoints: 10 },
      },
      limits: { positionFraction: 1 / bars.size, maxPositionSize: 1 },
      // All in: a margin account lets a buy that opens above its signal's close through, as before.
      account: { kind: 'margin' },
    });
    const elapsed = performance.now() - started;
    if (attempt >= warmUp) rates.push((result.bars / elapsed) * 1000);
    trades = result.metrics.trades;
  }
  rates.sort((a, b) => a - b);
  return {
    best: rates[rates.length - 1] as number,
    median: quantile(rates, 0.5),
    low: quantile(rates, 0.1),
    high: quantile(rates, 0.9),
    trades,
  };
}

function describe(measured: Measured): string {
  return `best ${formatRate(measured.best)}, median ${formatRate(measured.median)} (p10 ${formatRate(measured.low)}, p90 ${formatRate(measured.high)})`;
}

export const backtestSuite: BenchmarkSuite = {
  name: 'backtest',
  async run(): Promise<BenchmarkRow[]> {
    const orcl = 'ORCL' as Ticker;
    const single = parseYahooCsv(text, { symbol: orcl });
    const one = measure(new Map([[orcl, single]]), 40);
    // 100 symbols: ORCL's bars under 100 names, the same history each (time-aligned, 503,600 bars).
    const many = new Map<Ticker, Bar[]>();
    for (let index = 0; index < 100; index++) {
      const symbol = `S${String(index).padStart(3, '0')}` as Ticker;
      many.set(
        symbol,
        // Field by field: objects made with a spread are slow to read in V8.
        single.map((bar) => ({
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
    const hundred = measure(many, 3);
    return [
      {
        component: 'Backtest: SMA(10/30) crossover, ORCL 1995-2014',
        metric: `bars/s, full order and portfolio path (${one.trades} round trips)`,
        target: '1,000,000/s',
        measured: describe(one),
        ratio: one.best / 1e6,
      },
      {
        component: 'Backtest: the same on 100 symbols at once',
        metric: `bars/s (${hundred.trades} round trips)`,
        target: '',
        measured: describe(hundred),
        ratio: Number.NaN,
      },
    ];
  },
};
