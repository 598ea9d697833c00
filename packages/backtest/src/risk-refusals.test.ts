// A backtest runs every order through the live pre-trade check chain: refusals are counted by code in
// the result and listed in the HTML report.
import { type Bar, Money, Price, type Ticker, toStrategyId } from '@ats/core';
import { Strategy, type StrategyContext } from '@ats/engine';
import { describe, expect, it } from 'vitest';
import { runBacktest } from './backtest-runner.js';
import { renderHtmlReport } from './html-report.js';

const symbol = 'TEST' as Ticker;
const day = 86_400_000;
const bars: Bar[] = Array.from({ length: 6 }, (_, index) => ({
  symbol,
  timeframe: '1d',
  time: index * day,
  open: Price.of(10),
  high: Price.of(10),
  low: Price.of(10),
  close: Price.of(10),
  volume: 1_000_000,
}));

/** Asks to go long on every bar. */
class AlwaysLong extends Strategy {
  override onBar(current: Bar, context: StrategyContext): void {
    context.signal(current.symbol, 'LONG');
  }
}

const rules = {
  marketFill: 'next-open',
  slippage: { kind: 'none' },
  commission: { kind: 'basis-points', basisPoints: 0 },
} as const;

describe('backtest risk refusals', () => {
  it('refuses every all-in order over max_order_notional, counts the refusals and lists them in the report', () => {
    const result = runBacktest({
      bars: new Map([[symbol, bars]]),
      strategies: () => [new AlwaysLong(toStrategyId('always'), [symbol])],
      startingCash: Money.of('10000'),
      rules,
      limits: { checks: { maxOrderNotional: 5_000 } },
    });
    expect(result.fills).toEqual([]);
    expect(result.riskRefusals).toEqual({ RISK_ORDER_NOTIONAL: 6 });
    const html = renderHtmlReport(result, { title: 'refusals', startingCash: 10_000 });
    expect(html).toContain('<h2>Risk refusals</h2>');
    expect(html).toMatch(/<th>RISK_ORDER_NOTIONAL<\/th><td>6<\/td>/);
  });

  it('counts the refusals of a strategy already positioned and trades the rest', () => {
    const result = runBacktest({
      bars: new Map([[symbol, bars]]),
      strategies: () => [new AlwaysLong(toStrategyId('always'), [symbol])],
      startingCash: Money.of('10000'),
      rules,
    });
    expect(result.fills).toHaveLength(1);
    // The bar 0 order fills at bar 1's open, before the strategy sees bar 1: bars 1..5 find it long.
    expect(result.riskRefusals).toEqual({ RISK_ALREADY_POSITIONED: 5 });
    expect(renderHtmlReport(result, { title: 'ok', startingCash: 10_000 })).toContain(
      'RISK_ALREADY_POSITIONED',
    );
  });
});
