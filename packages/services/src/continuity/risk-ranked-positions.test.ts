// The emergency liquidation's order (largest one-day dollar risk first, then the larger loss) and the
// protective stop's price (the configured distance from the cost, on the tick, never nearer).
import { Money, type PositionSnapshot, Price, toSymbol } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { protectiveStopPrice } from './protective-stop-keeper.js';
import { rankPositionsByRisk } from './risk-ranked-positions.js';

function held(
  symbol: string,
  netQuantity: number,
  marketValue: string,
  unrealizedPnl = '0',
): PositionSnapshot {
  return {
    symbol: toSymbol(symbol),
    netQuantity,
    averageCost: Price.of('1'),
    marketPrice: Price.of('1'),
    marketValue: Money.of(marketValue),
    unrealizedPnl: Money.of(unrealizedPnl),
    realizedPnl: Money.zero,
  };
}

describe('rankPositionsByRisk', () => {
  it('ranks by |market value| x daily volatility, largest first, skipping flat positions', () => {
    const volatility: Record<string, number> = { AAA: 0.01, BBB: 0.05, CCC: 0.02, DDD: 0.5 };
    const ranked = rankPositionsByRisk(
      [held('AAA', 100, '10000'), held('BBB', -50, '-4000'), held('CCC', 10, '5000'), held('DDD', 0, '0')],
      (symbol) => volatility[symbol] ?? 0,
    );
    expect(ranked.map((row) => [row.rank, row.symbol, row.dayRisk])).toEqual([
      [1, 'BBB', 200],
      [2, 'AAA', 100],
      [3, 'CCC', 100],
    ]);
  });

  it('puts the larger loss first when the risk is equal', () => {
    const ranked = rankPositionsByRisk(
      [held('AAA', 10, '1000', '5'), held('BBB', 10, '1000', '-20')],
      () => 0.02,
    );
    expect(ranked.map((row) => row.symbol)).toEqual(['BBB', 'AAA']);
  });
});

describe('protectiveStopPrice', () => {
  it('sits the distance under the cost for a long (rounded down) and over it for a short (rounded up)', () => {
    const cent = Price.of('0.01');
    expect(protectiveStopPrice(Price.of('150.00'), 'SELL', 300, cent).toString()).toBe('145.5000');
    expect(protectiveStopPrice(Price.of('100.0050'), 'SELL', 500, cent).toString()).toBe('95.0000');
    expect(protectiveStopPrice(Price.of('100.0050'), 'BUY', 500, cent).toString()).toBe('105.0100');
  });
});
