// The state the checks read: correlations kept incrementally (equal to Pearson computed directly),
// sliding rate windows, the day-trade count over business days, and limit validation and precedence.
import { describe, expect, it } from 'vitest';
import { DayTradeCounter } from './day-trade-counter.js';
import { LimitBook } from './limit-book.js';
import { limitKeyOf, parseLimitValue, permissivePreTradeLimits } from './pre-trade-limits.js';
import { ReturnCorrelations } from './return-correlations.js';
import { SlidingWindowCounter } from './sliding-window-counter.js';

function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / n;
  const mx = mean(x);
  const my = mean(y);
  let covariance = 0;
  let vx = 0;
  let vy = 0;
  for (let index = 0; index < n; index++) {
    const dx = (x[index] as number) - mx;
    const dy = (y[index] as number) - my;
    covariance += dx * dy;
    vx += dx * dx;
    vy += dy * dy;
  }
  return covariance / Math.sqrt(vx * vy);
}

describe('ReturnCorrelations', () => {
  it('equals the Pearson correlation of the last window of close-to-close returns, through evictions and resets', () => {
    const indexOf = new Map([
      ['A', 0],
      ['B', 1],
    ]);
    const window = 25;
    const correlations = new ReturnCorrelations(indexOf, window, 5);
    let a = 100;
    let b = 50;
    let previousA = 0;
    let previousB = 0;
    const returnsA: number[] = [];
    const returnsB: number[] = [];
    let seed = 7;
    const random = () => {
      seed = (seed * 16_807) % 2_147_483_647;
      return seed / 2_147_483_647 - 0.5;
    };
    for (let step = 0; step < 120; step++) {
      const common = random();
      const nextA = a * (1 + 0.02 * common + 0.01 * random());
      const nextB = b * (1 + 0.01 * common + 0.02 * random());
      correlations.onClose('A', step, nextA);
      correlations.onClose('B', step, nextB);
      // A row is committed when the next time arrives; the first has no earlier close (returns 0).
      if (step > 0) {
        returnsA.push(step === 1 ? 0 : a / previousA - 1);
        returnsB.push(step === 1 ? 0 : b / previousB - 1);
      }
      previousA = a;
      previousB = b;
      a = nextA;
      b = nextB;
      if (step > window + 1) {
        const expected = pearson(returnsA.slice(-window), returnsB.slice(-window));
        expect(correlations.correlation(0, 1)).toBeCloseTo(expected, 10);
      }
    }
    expect(correlations.correlation(1, 1)).toBe(1);
  });

  it('answers null until the minimum number of samples is in the window', () => {
    const correlations = new ReturnCorrelations(
      new Map([
        ['A', 0],
        ['B', 1],
      ]),
      10,
      5,
    );
    for (let step = 0; step < 5; step++) {
      correlations.onClose('A', step, 100 + step);
      correlations.onClose('B', step, 100 + step * step);
    }
    expect(correlations.samples).toBe(4);
    expect(correlations.correlation(0, 1)).toBeNull();
  });

  it('keeps no rows for one instrument, whose correlation with itself is 1', () => {
    const correlations = new ReturnCorrelations(new Map([['A', 0]]), 10, 2);
    for (let step = 0; step < 20; step++) correlations.onClose('A', step, 100 + (step % 3));
    expect(correlations.samples).toBe(0);
    expect(correlations.correlation(0, 0)).toBe(1);
  });
});
describe('SlidingWindowCounter', () => {
  it('counts events in the last window and forgets older ones, growing past its first capacity', () => {
    const counter = new SlidingWindowCounter();
    for (let time = 0; time < 200; time++) counter.record(time);
    expect(counter.count(199, 100)).toBe(100);
    expect(counter.count(250, 100)).toBe(49);
    expect(counter.count(1_000, 100)).toBe(0);
  });
});

describe('DayTradeCounter', () => {
  const monday = Date.UTC(2026, 2, 2, 15);
  const day = 86_400_000;
  it('counts a same-day open and close once per closing order, over the last five business days', () => {
    const counter = new DayTradeCounter();
    counter.onFill('o1', 'A', 'BUY', 10, monday);
    counter.onFill('c1', 'A', 'SELL', 5, monday);
    counter.onFill('c1', 'A', 'SELL', 5, monday); // a second fill of the same order
    expect(counter.recentDayTrades(monday)).toBe(1);
    // Held overnight: closing it the next day is no day trade.
    counter.onFill('o2', 'B', 'BUY', 10, monday);
    counter.onFill('c2', 'B', 'SELL', 10, monday + day);
    expect(counter.recentDayTrades(monday + day)).toBe(1);
    // Monday's trade still counts the next Friday (5 business days), not the Monday after.
    expect(counter.recentDayTrades(monday + 4 * day)).toBe(1);
    expect(counter.recentDayTrades(monday + 7 * day)).toBe(0);
  });
});

describe('limits', () => {
  it('validates values and names the limit in the error', () => {
    expect(parseLimitValue('maxPositionSize', '0.25')).toBe(0.25);
    expect(() => parseLimitValue('maxPositionSize', 1.5)).toThrow(
      /max_position_size: a fraction must be at most 1/,
    );
    expect(() => parseLimitValue('maxOrdersPerWindow', 2.5)).toThrow(
      /max_orders_per_window: must be a whole number/,
    );
    expect(() => parseLimitValue('maxOrderNotional', -1)).toThrow(/max_order_notional: must not be negative/);
    expect(() => parseLimitValue('maxOrderNotional', 'lots')).toThrow(
      /max_order_notional: must be a finite number/,
    );
    expect(() => parseLimitValue('maxOrderNotional', 1e13)).toThrow(/must be at most/);
    expect(() => parseLimitValue('rateWindowMilliseconds', 0)).toThrow(/longer than 0 ms/);
    expect(() => limitKeyOf('max_bananas')).toThrow(/limit 'max_bananas' is unknown/);
  });

  it('resolves symbol over strategy over account over the default', () => {
    const book = new LimitBook(permissivePreTradeLimits);
    book.set('account', '', 'maxOrderNotional', 1000);
    book.set('strategy', 'alpha', 'maxOrderNotional', 500);
    book.set('symbol', 'AAPL', 'maxOrderNotional', 100);
    expect(book.forOrder('alpha', 'AAPL').maxOrderNotional).toBe(100);
    expect(book.forOrder('alpha', 'MSFT').maxOrderNotional).toBe(500);
    expect(book.forOrder('beta', 'MSFT').maxOrderNotional).toBe(1000);
    expect(book.set('symbol', 'AAPL', 'maxOrderNotional', null)).toBe(100);
    expect(book.forOrder('alpha', 'AAPL').maxOrderNotional).toBe(500);
    expect(book.overrides()).toHaveLength(2);
  });
});
