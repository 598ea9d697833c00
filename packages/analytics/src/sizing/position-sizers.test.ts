// Hand-checked examples of each sizing strategy; the expected size is worked out beside each case.
import type { SizingRequest } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { ewmaCovariance } from '../risk/covariance.js';
import { CorrelationAdjustedSizer } from './correlation-adjusted-sizer.js';
import { DrawdownScaledSizer } from './drawdown-scaled-sizer.js';
import { EwmaReturnStatistics } from './ewma-return-statistics.js';
import { FixedFractionSizer } from './fixed-fraction-sizer.js';
import { FixedQuantitySizer } from './fixed-quantity-sizer.js';
import type { ReturnStatistics } from './holdings.js';
import { KellySizer } from './kelly-sizer.js';
import { RiskParitySizer } from './risk-parity-sizer.js';
import { StrategySizers } from './strategy-sizers.js';
import { TradeEdgeBook } from './trade-edge-book.js';
import { VolatilityTargetSizer } from './volatility-target-sizer.js';

const request: SizingRequest = {
  strategyId: 'alpha',
  symbol: 'BBB',
  direction: 1,
  strength: 1,
  price: 50,
  lotSize: 1,
  equity: 100_000,
  maxPositionFraction: 0.5,
};

/** Fixed statistics: AAA σ 1%, BBB σ 2%, uncorrelated; CCC correlated 0.6 with BBB. */
const statistics: ReturnStatistics = {
  volatilityOf: (symbol) => ({ AAA: 0.01, BBB: 0.02, CCC: 0.01 })[symbol] ?? null,
  correlationOf: (first, second) => {
    const pair = [first, second].sort().join('|');
    return ({ 'AAA|BBB': 0, 'BBB|CCC': 0.6, 'AAA|CCC': 0.2 } as Record<string, number>)[pair] ?? null;
  },
  covarianceOf: (symbols) => {
    const sigma = symbols.map((symbol) => statistics.volatilityOf(symbol) as number);
    return Float64Array.from(
      symbols.flatMap((a, i) =>
        symbols.map(
          (b, j) =>
            (i === j ? 1 : (statistics.correlationOf(a, b) as number)) *
            (sigma[i] as number) *
            (sigma[j] as number),
        ),
      ),
    );
  },
};

describe('position sizers', () => {
  it('fixed fraction: equity × fraction × strength in lots', () => {
    // 100,000 × 0.05 = 5,000 / 50 = 100; at strength 0.5: 50.
    expect(new FixedFractionSizer(0.05).size(request).quantity).toBe(100);
    expect(new FixedFractionSizer(0.05).size({ ...request, strength: 0.5 }).quantity).toBe(50);
    // The cap wins over a larger fraction: 0.5 × 100,000 / 50 = 1,000.
    expect(new FixedFractionSizer(0.9).size(request).quantity).toBe(1000);
  });

  it('fixed quantity: the same shares, in lots, capped by the position limit', () => {
    expect(new FixedQuantitySizer(150).size(request).quantity).toBe(150);
    expect(new FixedQuantitySizer(150).size({ ...request, lotSize: 100 }).quantity).toBe(100);
    // Cap: 10,000 × 0.1 = 1,000 / 50 = 20 shares.
    expect(
      new FixedQuantitySizer(150).size({ ...request, equity: 10_000, maxPositionFraction: 0.1 }).quantity,
    ).toBe(20);
  });

  it('volatility target: value = equity × target / annual volatility', () => {
    // σ 2% a day → 0.02 × √252 = 0.317490 a year; 100,000 × 0.05 / 0.317490 = 15,748.7 / 50 = 314.97 → 314.
    const sizer = new VolatilityTargetSizer({
      targetVolatility: 0.05,
      volatilityOf: statistics.volatilityOf,
      measure: 'realized',
    });
    expect(sizer.size(request).quantity).toBe(314);
    expect(sizer.size({ ...request, symbol: 'ZZZ' })).toMatchObject({ quantity: 0 });
  });

  it('kelly: f* = W - (1 - W)/R from closed trades, fractional and capped', () => {
    const book = new TradeEdgeBook();
    // Wins 150, 150, 150 and losses 100, 100: W = 0.6, R = 150/100 = 1.5.
    for (const pnl of [150, -100, 150, -100, 150]) book.record('alpha', pnl);
    expect(book.edgeOf('alpha')).toEqual({ trades: 5, winRate: 0.6, payoff: 1.5 });
    // f* = 0.6 - 0.4/1.5 = 0.333333; half Kelly 0.166667 × 100,000 = 16,666.67 / 50 = 333.
    const sizer = new KellySizer({
      edgeOf: (id) => book.edgeOf(id),
      fraction: 0.5,
      cap: 0.25,
      minimumTrades: 5,
    });
    expect(sizer.size(request).quantity).toBe(333);
    // Capped at 0.1: 10,000 / 50 = 200.
    expect(
      new KellySizer({ edgeOf: (id) => book.edgeOf(id), fraction: 1, cap: 0.1, minimumTrades: 5 }).size(
        request,
      ).quantity,
    ).toBe(200);
    // Too few trades, or no edge (W 0.4, R 1: f* = 0.4 - 0.6 = -0.2): no trade.
    expect(
      new KellySizer({ edgeOf: (id) => book.edgeOf(id), fraction: 0.5, cap: 0.25, minimumTrades: 6 }).size(
        request,
      ).quantity,
    ).toBe(0);
    const losing = new TradeEdgeBook();
    for (const pnl of [100, 100, -100, -100, -100]) losing.record('alpha', pnl);
    expect(KellySizer.fullKelly(losing.edgeOf('alpha'))).toBeCloseTo(-0.2, 12);
    expect(
      new KellySizer({ edgeOf: (id) => losing.edgeOf(id), fraction: 0.5, cap: 0.25, minimumTrades: 5 }).size(
        request,
      ).quantity,
    ).toBe(0);
  });

  it('kelly edge counts a round trip closed in several fills as one trade', () => {
    const book = new TradeEdgeBook();
    // Buy 30, sell in three fills of 10 (+50, +40, -10): one round trip of +80, a win.
    book.recordFill('alpha', 'AAA', 30, 0);
    for (const pnl of [50, 40, -10]) book.recordFill('alpha', 'AAA', -10, pnl);
    expect(book.edgeOf('alpha')).toEqual({ trades: 1, winRate: 1, payoff: 0 });
    // Short 20 in two fills, covered in one for -60: a second round trip, a loss.
    book.recordFill('alpha', 'AAA', -10, 0);
    book.recordFill('alpha', 'AAA', -10, 0);
    book.recordFill('alpha', 'AAA', 20, -60);
    expect(book.edgeOf('alpha')).toEqual({ trades: 2, winRate: 0.5, payoff: 80 / 60 });
    // A flip closes the long (+30) and opens a short; covering it (+15) closes a third trip.
    book.recordFill('alpha', 'AAA', 10, 0);
    book.recordFill('alpha', 'AAA', -15, 30);
    expect(book.edgeOf('alpha').trades).toBe(3);
    book.recordFill('alpha', 'AAA', 5, 15);
    expect(book.edgeOf('alpha')).toMatchObject({ trades: 4, winRate: 0.75 });
    // Another symbol's open position is its own trip: nothing closed yet.
    book.recordFill('alpha', 'BBB', 10, 0);
    expect(book.edgeOf('alpha').trades).toBe(4);
  });

  it('risk parity: the candidate weight that equalizes risk with the holdings', () => {
    // Holding AAA (σ 1%), candidate BBB (σ 2%), uncorrelated: weights ∝ 1/σ → AAA 2/3, BBB 1/3.
    // 1.0 × 100,000 × 1/3 = 33,333.33 / 50 = 666.67 → 666.
    const sizer = new RiskParitySizer({
      statistics,
      holdings: () => [{ symbol: 'AAA', value: 10_000 }],
      grossFraction: 1,
    });
    expect(sizer.size(request).quantity).toBe(666);
  });

  it('drawdown scaling: shrinks linearly to zero at the largest drawdown', () => {
    // 100 shares at 5% drawdown of 20% allowed: × (1 - 0.25) = 75; at 20% or deeper: 0.
    let drawdown = 0.05;
    const sizer = new DrawdownScaledSizer(new FixedQuantitySizer(100), () => drawdown, 0.2);
    expect(sizer.size(request).quantity).toBe(75);
    drawdown = 0.25;
    expect(sizer.size(request).quantity).toBe(0);
  });

  it('correlation adjustment: shrinks with the side-weighted correlation to the holdings, not for a hedge', () => {
    // Long CCC (ρ 0.6) of 10,000: ρ̄ = 0.6 → × 0.4: 100 → 40.
    let holdings = [{ symbol: 'CCC', value: 10_000 }];
    const sizer = new CorrelationAdjustedSizer(new FixedQuantitySizer(100), statistics, () => holdings);
    expect(sizer.size(request).quantity).toBe(40);
    // Add short AAA... no: short CCC is a hedge: ρ̄ = -0.6 → no shrink.
    holdings = [{ symbol: 'CCC', value: -10_000 }];
    expect(sizer.size(request).quantity).toBe(100);
    // Long CCC 10,000 (ρ 0.6) and long AAA 30,000 (ρ 0): ρ̄ = 6,000/40,000 = 0.15 → × 0.85 = 85.
    holdings = [
      { symbol: 'CCC', value: 10_000 },
      { symbol: 'AAA', value: 30_000 },
    ];
    expect(sizer.size(request).quantity).toBe(85);
  });

  it('per strategy: a strategy gets its own sizer, others the default', () => {
    const sizers = new StrategySizers(
      new FixedQuantitySizer(10),
      new Map([['alpha', new FixedQuantitySizer(30)]]),
    );
    expect(sizers.size(request).quantity).toBe(30);
    expect(sizers.size({ ...request, strategyId: 'beta' }).quantity).toBe(10);
  });
});

describe('EWMA return statistics', () => {
  it('keeps the RiskMetrics recursion: after T samples it equals (1 - λᵀ) × the normalized batch estimate', () => {
    const statisticsLive = new EwmaReturnStatistics(0.9, 2);
    const prices = [
      [100, 50],
      [101, 49],
      [99, 50.5],
      [102, 50],
      [100.5, 51],
    ];
    for (const [a, b] of prices) {
      statisticsLive.mark('A', a as number);
      statisticsLive.mark('B', b as number);
      statisticsLive.sample();
    }
    const returns = {
      assets: 2,
      observations: 4,
      data: Float64Array.from(
        prices
          .slice(1)
          .flatMap((row, t) => [
            Math.log((row[0] as number) / (prices[t]![0] as number)),
            Math.log((row[1] as number) / (prices[t]![1] as number)),
          ]),
      ),
    };
    const batch = ewmaCovariance(returns, 0.9);
    const live = statisticsLive.covarianceOf(['A', 'B']) as Float64Array;
    const normalizer = 1 - 0.9 ** 4;
    for (let i = 0; i < 4; i++) expect(live[i]).toBeCloseTo((batch[i] as number) * normalizer, 15);
    expect(statisticsLive.correlationOf('A', 'B')).toBeCloseTo(
      (batch[1] as number) / Math.sqrt((batch[0] as number) * (batch[3] as number)),
      12,
    );
  });

  it('reports nothing before the warm-up and grows past its first capacity', () => {
    const tracker = new EwmaReturnStatistics(0.94, 3, 2);
    for (let t = 0; t < 3; t++) {
      for (const symbol of ['A', 'B', 'C']) tracker.mark(symbol, 100 + t + symbol.charCodeAt(0));
      tracker.sample();
    }
    // Three samples make two returns: fewer than the warm-up of 3.
    expect(tracker.volatilityOf('C')).toBeNull();
    for (const symbol of ['A', 'B', 'C']) tracker.mark(symbol, 90);
    tracker.sample();
    expect(tracker.volatilityOf('C')).toBeGreaterThan(0);
    expect(() => tracker.mark('A', 0)).toThrow(/price of A must be positive/);
  });
});
