// Bars per second through a full backtest (strategy, risk, orders, fills, portfolio): one symbol and 100 at once.
import { readFileSync } from 'node:fs';
import { parseYahooCsv, runBacktest } from '@ats/backtest';
import { type Bar, Money, type Ticker, toStrategyId } from '@ats/core';
import { SmaCrossStrategy } from '@ats/strategies';
import { type BenchmarkRow, type BenchmarkSuite, formatRate } from '../benchmark-row.js';

const text = readFileSync(
  new URL('../../../packages/backtest/fixtures/orcl-1995-2014.txt', import.meta.url),
  'utf8',
);

/** Best of `attempts` full runs (fresh kernel each): a 5,000-bar run takes a few milliseconds, so one garbage
 * collection pause halves a single measurement; the best of many shows the steady speed. */
function measure(bars: Map<Ticker, Bar[]>, attempts: number): { rate: number; trades: number } {
  let best = 0;
  let trades = 0;
  for (let attempt = 0; attempt < attempts; attempt++) {
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
    });
    const elapsed = performance.now() - started;
    best = Math.max(best, (result.bars / elapsed) * 1000);
    trades = result.metrics.trades;
  }
  return { rate: best, trades };
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
        measured: formatRate(one.rate),
        ratio: one.rate / 1e6,
      },
      {
        component: 'Backtest: the same on 100 symbols at once',
        metric: `bars/s (${hundred.trades} round trips)`,
        target: '',
        measured: formatRate(hundred.rate),
        ratio: Number.NaN,
      },
    ];
  },
};
