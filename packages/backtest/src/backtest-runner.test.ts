// Golden backtests through the live engines, and the ORCL SMA(10/30) crossover, deterministic.
import { type Bar, Money, Price, type Ticker, toStrategyId } from '@ats/core';
import { Strategy, type StrategyContext } from '@ats/engine';
import { describe, expect, it } from 'vitest';
import { runBacktest } from './backtest-runner.js';
import { parseYahooCsv } from './yahoo-csv.js';

const symbol = 'TEST' as Ticker;
const day = 86_400_000;
const bar = (index: number, open: number, close: number, volume = 1_000_000): Bar => ({
  symbol,
  timeframe: '1d',
  time: index * day,
  open: Price.of(open),
  high: Price.of(Math.max(open, close)),
  low: Price.of(Math.min(open, close)),
  close: Price.of(close),
  volume,
});

/** Long after the 2nd bar, flat after the 4th. */
class Scripted extends Strategy {
  private seen = 0;
  override onBar(current: Bar, context: StrategyContext): void {
    this.seen++;
    if (this.seen === 2) context.signal(current.symbol, 'LONG');
    if (this.seen === 4) context.signal(current.symbol, 'FLAT');
  }
}

describe('runBacktest', () => {
  it('refuses one series out of time order, naming its symbol and first bar out of order', () => {
    // One series is checked by the replay loop as it reads it, not by a pass before the run.
    const run = () =>
      runBacktest({
        bars: new Map([[symbol, [bar(0, 10, 10), bar(1, 10, 10), bar(3, 10, 11), bar(2, 11, 12)]]]),
        strategies: () => [new Scripted(toStrategyId('scripted'), [symbol])],
        startingCash: Money.of('10000'),
        rules: {
          marketFill: 'next-open',
          slippage: { kind: 'none' },
          commission: { kind: 'basis-points', basisPoints: 0 },
        },
      });
    expect(run).toThrow(RangeError);
    expect(run).toThrow(
      `bars of TEST are not sorted by time: bar 3 (${new Date(2 * day).toISOString()}) comes before the bar ahead of it`,
    );
  });

  it('trades a hand-checked round trip all in at the next open with 0.1% commission on a margin account', () => {
    const bars = [
      bar(0, 10, 10),
      bar(1, 10, 10),
      bar(2, 12.5, 13),
      bar(3, 13, 14),
      bar(4, 15, 15),
      bar(5, 15, 16),
    ];
    const result = runBacktest({
      bars: new Map([[symbol, bars]]),
      strategies: () => [new Scripted(toStrategyId('scripted'), [symbol])],
      startingCash: Money.of('10000'),
      rules: {
        marketFill: 'next-open',
        slippage: { kind: 'none' },
        commission: { kind: 'basis-points', basisPoints: 10 },
      },
      account: { kind: 'margin' },
    });
    // Signal on bar 2 (close 10): 10,000 / 10 = 1,000 shares, filled at bar 3's open 12.50:
    // cost 12,500 + 12.50 commission -> cash −2,512.50 (all in at the signal's close, the gap costs).
    // Flat on bar 4 (close 14): sold at bar 5's open 15: 15,000 − 15 commission.
    expect(result.fills).toEqual([
      {
        time: new Date(2 * day).toISOString(),
        symbol: 'TEST',
        side: 'BUY',
        quantity: 1000,
        price: '12.5000',
        commission: '12.5000',
      },
      {
        time: new Date(4 * day).toISOString(),
        symbol: 'TEST',
        side: 'SELL',
        quantity: 1000,
        price: '15.0000',
        commission: '15.0000',
      },
    ]);
    // 10,000 − 12,512.50 + 14,985 = 12,472.50.
    expect(result.finalCash).toBe('12472.5000');
    expect(result.finalEquity).toBe('12472.5000');
    expect(result.metrics.trades).toBe(1);
    expect(result.metrics.commissions).toBe(27.5);
    expect(result.metrics.totalReturn).toBeCloseTo(0.24725, 10);
  });

  it('fills partially under a volume cap and leaves the rest to expire', () => {
    const bars = [
      bar(0, 10, 10),
      bar(1, 10, 10),
      bar(2, 10, 10, 5_000),
      bar(3, 10, 10),
      bar(4, 10, 10),
      bar(5, 10, 10),
    ];
    const result = runBacktest({
      bars: new Map([[symbol, bars]]),
      strategies: () => [new Scripted(toStrategyId('scripted'), [symbol])],
      startingCash: Money.of('10000'),
      rules: {
        marketFill: 'next-open',
        slippage: { kind: 'none' },
        commission: { kind: 'fixed', perOrder: Money.of('1') },
        volumeParticipation: 0.1,
      },
      account: { kind: 'margin' },
    });
    // 1,000 shares wanted; 10% of bar 3's 5,000 = 500 fill; the DAY rest expires. Then flat: 500 sold.
    expect(result.fills.map((fill) => [fill.side, fill.quantity, fill.price])).toEqual([
      ['BUY', 500, '10.0000'],
      ['SELL', 500, '10.0000'],
    ]);
    expect(result.orders.map((order) => [order.status, order.filled])).toEqual([
      ['EXPIRED', 500],
      ['FILLED', 500],
    ]);
    expect(result.finalCash).toBe('9998.0000');
  });

  it('on a cash account, refuses at the fill a buy the gapped open makes too dear, and never goes below zero cash', () => {
    const bars = [
      bar(0, 10, 10),
      bar(1, 10, 10),
      bar(2, 12.5, 13),
      bar(3, 13, 14),
      bar(4, 15, 15),
      bar(5, 15, 16),
    ];
    const run = (reduceAtFill: boolean) =>
      runBacktest({
        bars: new Map([[symbol, bars]]),
        strategies: () => [new Scripted(toStrategyId('scripted'), [symbol])],
        startingCash: Money.of('10000'),
        rules: {
          marketFill: 'next-open',
          slippage: { kind: 'none' },
          commission: { kind: 'basis-points', basisPoints: 10 },
        },
        limits: { positionFraction: 0.9 },
        account: { kind: 'cash', reduceAtFill },
      });
    // 90% of 10,000 at the signal close 10: 900 shares, 9,009 with commission, paid for at submission.
    // At bar 3's open 12.50 they cost 11,261.25: refused, the order canceled, the cash untouched.
    const refused = run(false);
    expect(refused.account).toBe('cash');
    expect(refused.fills).toEqual([]);
    expect(refused.orders.map((order) => order.status)).toEqual(['CANCELED']);
    expect(refused.finalCash).toBe('10000.0000');
    // Configured to reduce: 799 shares (9,987.50 + 9.9875 commission = 9,997.4875) fit, 800 do not.
    const reduced = run(true);
    expect(reduced.fills.map((fill) => [fill.side, fill.quantity, fill.price])).toEqual([
      ['BUY', 799, '12.5000'],
      ['SELL', 799, '15.0000'],
    ]);
    expect(Math.min(...reduced.equityCurve.map((point) => point.equity))).toBeGreaterThan(0);
    // 10,000 − 9,997.4875 + 799 × 15 − 11.985 commission = 11,975.5275.
    expect(reduced.finalCash).toBe('11975.5275');
  });

  it('on a cash account, sizes an all-in buy to what the cash pays with its commission (999 shares, not 1000)', () => {
    const bars = [bar(0, 10, 10), bar(1, 10, 10), bar(2, 10, 10), bar(3, 10, 10)];
    const result = runBacktest({
      bars: new Map([[symbol, bars]]),
      strategies: () => [new Scripted(toStrategyId('scripted'), [symbol])],
      startingCash: Money.of('10000'),
      rules: {
        marketFill: 'next-open',
        slippage: { kind: 'none' },
        commission: { kind: 'basis-points', basisPoints: 10 },
      },
    });
    expect(result.rejections).toEqual([]);
    expect(result.fills.map((fill) => [fill.side, fill.quantity, fill.price, fill.commission])).toEqual([
      ['BUY', 999, '10.0000', '9.9900'],
    ]);
    expect(result.finalCash).toBe('0.0100');
  });

  it('names the line of a bad CSV row', () => {
    expect(() =>
      parseYahooCsv(
        'Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,1,2,0.5,1.5,1.5,100\n2020-01-03,1,x,1,1,1,1',
        { symbol },
      ),
    ).toThrow(/line 3 High: 'x' is not a positive price/);
    expect(() => parseYahooCsv('Date,Close\n', { symbol })).toThrow(/csv header/);
  });
});
