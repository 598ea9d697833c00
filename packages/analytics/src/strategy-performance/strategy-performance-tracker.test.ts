// Per-strategy performance: PnL from the strategy's own fills, and the curve's statistics, the same
// whether the curve was sized for its samples up front or grew past its first size.
import {
  type AccountId,
  type EventId,
  Money,
  type OrderFilled,
  type OrderId,
  Price,
  Quantity,
  type StrategyId,
  type Ticker,
  type TradeId,
} from '@ats/core';
import { describe, expect, it } from 'vitest';
import { StrategyPerformanceTracker } from './strategy-performance-tracker.js';

const symbol = 'AAPL' as Ticker;

function fill(trade: number, side: 'BUY' | 'SELL', price: string): OrderFilled {
  return {
    type: 'OrderFilled',
    id: `fill-${trade}` as EventId,
    occurredAt: Date.UTC(2026, 3, 1, 14, 30) + trade * 60_000,
    receivedAt: Date.UTC(2026, 3, 1, 14, 30) + trade * 60_000,
    causationId: null,
    orderId: `order-${trade}` as OrderId,
    tradeId: `trade-${trade}` as TradeId,
    accountId: 'paper' as AccountId,
    strategyId: 'swing' as StrategyId,
    symbol,
    side,
    lastQuantity: Quantity.of(10),
    lastPrice: Price.of(price),
    commission: Money.of('1.00'),
    venue: 'PAPER',
    executionId: `exec-${trade}`,
    liquidityTaker: true,
  };
}

/** Buys at 100, marks along a path of 300 prices, sells at 110, with a sample per mark. */
function run(expectedSamples: number | undefined) {
  const tracker = new StrategyPerformanceTracker({
    capital: 10_000,
    periodsPerYear: 252,
    ...(expectedSamples === undefined ? {} : { expectedSamples }),
  });
  tracker.onFill(fill(1, 'BUY', '100.00'));
  let mark = Price.of('100.00');
  for (let step = 0; step < 300; step++) {
    mark = Price.of((100 + 10 * Math.sin(step / 20)).toFixed(2));
    const current = mark;
    tracker.sample(() => current);
  }
  tracker.onFill(fill(2, 'SELL', '110.00'));
  tracker.onFill(fill(2, 'SELL', '110.00')); // a redelivery: ignored
  tracker.sample(() => Price.of('110.00'));
  return tracker.report(() => Price.of('110.00'));
}

describe('StrategyPerformanceTracker', () => {
  it('reports realized PnL net of both commissions once per trade id, redeliveries ignored', () => {
    const [report] = run(undefined);
    expect(report?.realizedPnl).toBe('100.0000');
    expect(report?.commissions).toBe('2.0000');
    expect(report?.totalPnl).toBe('98.0000');
    expect(report?.closingFills).toBe(1);
    expect(report?.hitRate).toBe(1);
  });

  it('gives the same Sharpe and drawdowns for a curve sized up front, one that grew, and one sized too large', () => {
    const grown = run(undefined);
    expect(run(301)).toEqual(grown);
    expect(run(5)).toEqual(grown);
    expect(run(10_000)).toEqual(grown);
    expect(grown[0]?.maxDrawdown).toBeGreaterThan(0);
    expect(grown[0]?.sharpe).not.toBe(0);
  });

  it('reports the same when its curve is one a released tracker gave back, the old values never read', () => {
    const fresh = run(10_000);
    // A tracker whose curve ends full of large values, released: its curve goes to the next tracker.
    const previous = new StrategyPerformanceTracker({
      capital: 10_000,
      periodsPerYear: 252,
      expectedSamples: 10_000,
    });
    previous.onFill(fill(1, 'BUY', '100.00'));
    for (let step = 0; step < 10_000; step++) previous.sample(() => Price.of('9000.00'));
    previous.release();
    expect(previous.strategies()).toEqual([]);
    expect(run(10_000)).toEqual(fresh);
  });
});
