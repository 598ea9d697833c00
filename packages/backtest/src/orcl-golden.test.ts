// The ORCL example of docs/backtesting.md, pinned: SMA(10)/SMA(30) all in at the next open, 0.1%
// commission, 100,000 cash. Every fill (date, side, quantity, price) and fee is in
// fixtures/orcl-sma-10-30-fills.csv; the final equity and the cash-account outcomes are below.
import { readFileSync } from 'node:fs';
import { Money } from '@ats/core';
import { describe, expect, it } from 'vitest';
import type { BacktestAccount } from './backtest-account.js';
import { runBacktest } from './backtest-runner.js';
import { orclBars, orclSmaCrossConfig } from './orcl-sma-cross.test-support.js';

const bars = orclBars();

function run(account: BacktestAccount, positionFraction = 1) {
  return runBacktest(orclSmaCrossConfig({ bars, account, positionFraction }));
}

/** The cash after each fill, from the fills alone. */
function cashAfterEachFill(fills: ReturnType<typeof run>['fills'], start: number): number[] {
  let cash = Money.of(start);
  return fills.map((fill) => {
    const notional = Money.of(fill.price).multiplyRatio(fill.quantity, 1);
    cash = (fill.side === 'BUY' ? cash.subtract(notional) : cash.add(notional)).subtract(
      Money.of(fill.commission),
    );
    return cash.toNumber();
  });
}

describe('the ORCL SMA(10)/SMA(30) example', () => {
  it('on a margin account: every fill and fee of the fixture, final equity 412,371.0787', () => {
    const result = run({ kind: 'margin' });
    const golden = readFileSync(new URL('../fixtures/orcl-sma-10-30-fills.csv', import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => /^\d{4}-/.test(line));
    const fills = result.fills.map((fill) =>
      [fill.time.slice(0, 10), fill.side, fill.quantity, fill.price, fill.commission].join(','),
    );
    expect(result.account).toBe('margin');
    expect(result.bars).toBe(5036);
    expect(fills).toEqual(golden);
    expect(fills).toHaveLength(195);
    expect(result.finalEquity).toBe('412371.0787');
    expect(result.finalCash).toBe('221.0287');
    expect(result.metrics.trades).toBe(97);
    expect(result.metrics.commissions.toFixed(4)).toBe('60923.1567');
    // All in at the signal's close, filled at a higher open: the margin account's cash dips below zero.
    expect(Math.min(...cashAfterEachFill(result.fills, 100_000))).toBeLessThan(0);
  });

  it('on the default cash account: all-in buys sized to the cash with their commission; those a higher next open makes too dear are canceled at the fill; cash never below zero', () => {
    const result = run({ kind: 'cash' });
    expect(result.account).toBe('cash');
    expect(result.rejections).toEqual([]);
    expect(result.fills).toHaveLength(105);
    expect(result.orders.filter((order) => order.status === 'CANCELED')).toHaveLength(45);
    expect(result.finalEquity).toBe('413897.0738');
    expect(Math.min(...cashAfterEachFill(result.fills, 100_000))).toBeGreaterThanOrEqual(0);
  });

  it('on the cash account at 99% of equity: buys a gapped open makes too dear are refused, cash never below zero', () => {
    const result = run({ kind: 'cash' }, 0.99);
    expect(result.fills).toHaveLength(169);
    expect(result.orders.filter((order) => order.status === 'CANCELED')).toHaveLength(13);
    expect(result.finalEquity).toBe('484307.3397');
    expect(Math.min(...cashAfterEachFill(result.fills, 100_000))).toBeGreaterThanOrEqual(0);
  });
});
