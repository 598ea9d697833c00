// In a backtest, a strategy's daily bars built from minute bars are NYSE sessions, as in the running
// node: no bar for Thanksgiving 2026, and the early-close Friday's bar ends with its 12:59 minute.
import { type Bar, Money, Price, type StrategyId, type Ticker, toStrategyId } from '@ats/core';
import { Strategy, type StrategyContext } from '@ats/engine';
import { describe, expect, it } from 'vitest';
import { runBacktest } from './backtest-runner.js';

const symbol = 'SPY' as Ticker;

class DailyWatcher extends Strategy {
  static days: Bar[] = [];
  constructor(id: StrategyId) {
    super(id, [symbol]);
  }
  override onStart(context: StrategyContext): void {
    context.subscribeTimeframe(symbol, '1d');
  }
  override onBar(bar: Bar): void {
    if (bar.timeframe === '1d') DailyWatcher.days.push(bar);
  }
}

/** Minute bars 08:00-17:59 New York (UTC−5 in late November) of each date. */
function minuteBars(dates: readonly string[]): Bar[] {
  const bars: Bar[] = [];
  for (const date of dates) {
    const eight = Date.parse(`${date}T13:00:00Z`);
    for (let index = 0; index < 600; index++) {
      const price = Price.of('100');
      bars.push({
        symbol,
        timeframe: '1m',
        time: eight + index * 60_000,
        open: price,
        high: price,
        low: price,
        close: price,
        volume: 1,
      });
    }
  }
  return bars;
}

describe('daily bars from minute bars in a backtest', () => {
  it('follow the NYSE sessions: a holiday has none, an early close ends at 13:00', () => {
    DailyWatcher.days = [];
    runBacktest({
      bars: new Map([[symbol, minuteBars(['2026-11-25', '2026-11-26', '2026-11-27'])]]),
      strategies: () => [new DailyWatcher(toStrategyId('daily-watcher'))],
      startingCash: Money.of('10000'),
      rules: {
        marketFill: 'next-open',
        slippage: { kind: 'none' },
        commission: { kind: 'basis-points', basisPoints: 0 },
      },
    });
    expect(DailyWatcher.days.map((bar) => [new Date(bar.time).toISOString(), bar.volume])).toEqual([
      ['2026-11-25T14:30:00.000Z', 390],
      ['2026-11-27T14:30:00.000Z', 210],
    ]);
  });
});
