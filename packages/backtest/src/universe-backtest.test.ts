// A universe backtest over 500 synthetic daily series: momentum ranks, monthly rebalances, listings,
// delistings and corporate actions, with results per symbol and for the portfolio.
import { Money, type Ticker, toStrategyId } from '@ats/core';
import { CrossSectionalMomentumStrategy } from '@ats/strategies';
import { describe, expect, it } from 'vitest';
import { syntheticUniverse } from './synthetic-universe.js';
import { runUniverseBacktest } from './universe-backtest.js';

const top = 20;
const universe = syntheticUniverse({ symbols: 500, days: 320, seed: 11 });
const result = runUniverseBacktest({
  bars: universe.bars,
  corporateActions: universe.corporateActions,
  strategies: (members) => [
    new CrossSectionalMomentumStrategy(toStrategyId('momentum'), [...members.keys()], {
      lookback: 63,
      top,
      exitTimes: new Map(
        [...members.values()].flatMap((member) =>
          member.exitTime === null ? [] : [[member.symbol, member.exitTime] as const],
        ),
      ),
    }),
  ],
  startingCash: Money.of('1000000'),
  rules: {
    marketFill: 'next-open',
    slippage: { kind: 'none' },
    commission: { kind: 'basis-points', basisPoints: 5 },
  },
  limits: { positionFraction: 1 / top, maxPositionSize: 1 / top + 0.01 },
  account: { kind: 'margin' },
});

describe('universe backtest: 500 daily series, top-20 momentum, monthly rebalance', () => {
  it('finishes and reports the portfolio and every one of the 500 symbols', () => {
    expect(result.members).toBe(500);
    expect(result.perSymbol).toHaveLength(500);
    expect(result.bars).toBe([...universe.bars.values()].reduce((sum, series) => sum + series.length, 0));
    expect(result.metrics.trades).toBeGreaterThan(50);
    expect(Number(result.finalEquity)).toBeGreaterThan(0);
    // The portfolio's PnL is the sum of the symbols' (realized net of commissions, plus open marked).
    const total = result.perSymbol.reduce((sum, symbol) => sum.add(Money.of(symbol.netPnl)), Money.zero);
    expect(Money.of(result.finalEquity).subtract(Money.of('1000000')).toString()).toBe(total.toString());
  });

  it('holds at most the top 20, rebalancing at month starts', () => {
    const held = new Map<string, number>();
    const months = new Set<string>();
    for (const fill of result.fills) {
      const net = (held.get(fill.symbol) ?? 0) + (fill.side === 'BUY' ? fill.quantity : -fill.quantity);
      held.set(fill.symbol, net);
      if (fill.side === 'BUY') months.add(fill.time.slice(0, 7));
    }
    expect([...held.values()].filter((quantity) => quantity > 0).length).toBeLessThanOrEqual(top);
    expect(months.size).toBeGreaterThanOrEqual(8);
  });

  it('trades a symbol only between its first and last date, and sells a delisted one before it leaves', () => {
    const bySymbol = new Map(result.perSymbol.map((symbol) => [symbol.symbol, symbol]));
    for (const fill of result.fills) {
      const member = bySymbol.get(fill.symbol);
      expect(member).toBeDefined();
      expect(fill.time.slice(0, 10) >= (member?.firstDate ?? '')).toBe(true);
      expect(fill.time.slice(0, 10) <= (member?.lastDate ?? '')).toBe(true);
    }
    const delisted = result.perSymbol.filter((symbol) => symbol.delisted);
    expect(delisted.length).toBeGreaterThan(30);
    expect(result.delisted).toBe(delisted.length);
    // Delisted symbols are part of the run (no survivorship bias), and none is left held after it left.
    expect(delisted.some((symbol) => symbol.fills > 0)).toBe(true);
    for (const symbol of delisted) expect(symbol.finalQuantity).toBe(0);
    // Late listings join the ranking once they have a full lookback of their own.
    const late = result.perSymbol.filter((symbol) => symbol.firstDate > '2015-01-05');
    expect(late.length).toBeGreaterThan(50);
  });

  it('applies the splits and dividends before the run: no adjusted close halves overnight at a split', () => {
    expect(result.corporateActionsApplied).toBeGreaterThan(100);
    const split = universe.corporateActions.find((action) => action.kind === 'split');
    expect(split).toBeDefined();
    const raw = universe.bars.get(split?.symbol as Ticker) ?? [];
    const at = raw.findIndex((bar) => bar.time === split?.exDate);
    // Raw data halves at the ex-date (2:1)...
    expect((raw[at]?.close.raw ?? 0) / (raw[at - 1]?.close.raw ?? 1)).toBeLessThan(0.7);
    // ...the position arithmetic saw split-adjusted prices: any fill price of that symbol before the
    // split is on the post-split basis (below the raw price of that day).
    for (const fill of result.fills.filter((each) => each.symbol === split?.symbol)) {
      const bar = raw.find((each) => each.time === Date.parse(fill.time.slice(0, 10)));
      if (bar && bar.time < (split?.exDate ?? 0))
        expect(Number(fill.price)).toBeLessThan(bar.open.toNumber());
    }
  });
});
