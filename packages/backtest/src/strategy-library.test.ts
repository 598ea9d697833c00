// The strategy library on the bundled daily data, pinned: the figures of docs/strategies.md
// (100,000 cash, 0.1% commission, fills at the next open), and the pairs strategy on a constructed
// cointegrated pair, where it must trade the spread's z-score.
import { readFileSync } from 'node:fs';
import { type Bar, Money, Price, SeededRandom, type Ticker, toStrategyId } from '@ats/core';
import { PairsTradingStrategy, strategyFactoryOf } from '@ats/strategies';
import { describe, expect, it } from 'vitest';
import { runBacktest } from './backtest-runner.js';
import { parseYahooCsv } from './yahoo-csv.js';

const files: Record<string, string> = {
  ORCL: 'orcl-1995-2014.txt',
  NVDA: 'nvda-1999-2014.txt',
  YHOO: 'yhoo-1996-2014.txt',
};

function bundled(symbols: readonly string[]): Map<Ticker, Bar[]> {
  const bars = new Map<Ticker, Bar[]>(
    symbols.map((symbol) => [
      symbol as Ticker,
      parseYahooCsv(readFileSync(new URL(`../fixtures/${files[symbol]}`, import.meta.url), 'utf8'), {
        symbol: symbol as Ticker,
      }),
    ]),
  );
  // A pair trades on the dates both symbols have.
  const common = [...bars.values()].map((series) => new Set(series.map((bar) => bar.time)));
  for (const [symbol, series] of bars)
    bars.set(
      symbol,
      series.filter((bar) => common.every((times) => times.has(bar.time))),
    );
  return bars;
}

function backtest(kind: string, symbols: readonly string[], bars = bundled(symbols)) {
  const factory = strategyFactoryOf(kind);
  if (!factory) throw new Error(kind);
  const pair = symbols.length === 2;
  return runBacktest({
    bars,
    strategies: () => [factory(kind, symbols as Ticker[], {})],
    startingCash: Money.of('100000'),
    rules: {
      marketFill: 'next-open',
      slippage: { kind: 'none' },
      commission: { kind: 'basis-points', basisPoints: 10 },
    },
    limits: {
      positionFraction: 1 / symbols.length,
      maxPositionSize: 1,
      ...(pair ? { allowShort: true } : {}),
    },
    account: { kind: pair ? 'margin' : 'cash' },
  });
}

describe('the strategy library on the bundled data', () => {
  it.each([
    ['time-series-momentum', ['ORCL'], 177, '795176.0216'],
    ['mean-reversion', ['ORCL'], 24, '131180.7400'],
    ['donchian-breakout', ['ORCL'], 135, '226196.5868'],
    ['pairs-trading', ['ORCL', 'YHOO'], 16, '110206.5343'],
  ] as const)('%s on %j: %i fills, final equity %s', (kind, symbols, fills, finalEquity) => {
    const result = backtest(kind, symbols);
    expect(result.fills).toHaveLength(fills);
    expect(result.finalEquity).toBe(finalEquity);
  });
});

describe('pairs trading on a cointegrated pair', () => {
  it('shorts the spread when z > 2, longs it when z < −2, and flattens both legs near zero', () => {
    // x a random walk, y = 2x + a mean-reverting spread that swings well past ±2 deviations.
    const random = new SeededRandom(21);
    const y: Bar[] = [];
    const x: Bar[] = [];
    let level = 40;
    let spread = 0;
    for (let day = 0; day < 400; day++) {
      level = Math.max(5, level + (random.next() - 0.5) * 3);
      spread = 0.3 * spread + (random.next() - 0.5) * 0.08;
      const time = Date.UTC(2020, 0, 1) + day * 86_400_000;
      const bar = (symbol: string, close: number): Bar => {
        const price = Price.of(close.toFixed(4));
        return {
          symbol: symbol as Ticker,
          timeframe: '1d',
          time,
          open: price,
          high: price,
          low: price,
          close: price,
          volume: 1_000_000,
        };
      };
      x.push(bar('XX', Math.exp(Math.log(level))));
      y.push(bar('YY', Math.exp(2 * Math.log(level) - 4 + spread)));
    }
    let strategy: PairsTradingStrategy | undefined;
    const states: { z: number; cointegrated: boolean }[] = [];
    const result = runBacktest({
      bars: new Map([
        ['YY' as Ticker, y],
        ['XX' as Ticker, x],
      ]),
      strategies: () => {
        strategy = new PairsTradingStrategy(toStrategyId('pairs'), ['YY' as Ticker, 'XX' as Ticker], {
          window: 60,
          entryZ: 2,
          exitZ: 0.5,
          significance: 0.05,
        });
        const inner = strategy;
        const onBar = inner.onBar.bind(inner);
        inner.onBar = (bar, context) => {
          onBar(bar, context);
          if (bar.symbol === 'XX' && inner.latest)
            states.push({ z: inner.latest.zScore, cointegrated: inner.latest.test.cointegrated });
        };
        return [inner];
      },
      startingCash: Money.of('100000'),
      rules: {
        marketFill: 'next-open',
        slippage: { kind: 'none' },
        commission: { kind: 'basis-points', basisPoints: 0 },
      },
      limits: { positionFraction: 0.5, maxPositionSize: 1, allowShort: true },
      account: { kind: 'margin' },
    });
    expect(strategy?.latest?.test.slope).toBeCloseTo(2, 0);
    expect(states.filter((state) => state.cointegrated).length).toBeGreaterThan(states.length * 0.6);
    expect(states.some((state) => state.z > 2)).toBe(true);
    expect(states.some((state) => state.z < -2)).toBe(true);
    const sides = new Set(result.fills.map((fill) => `${fill.symbol} ${fill.side}`));
    // Both legs traded both ways: the spread shorted (sell YY, buy XX) and bought (buy YY, sell XX).
    expect(sides).toEqual(new Set(['YY BUY', 'YY SELL', 'XX BUY', 'XX SELL']));
  });
});
