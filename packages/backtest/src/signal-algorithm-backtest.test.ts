// A strategy asks for an execution algorithm through its signal in a backtest: the approved quantity is
// worked as a TWAP parent on minute bars, each child an ordinary order through risk and the bar venue's
// fill engine (a market child fills at the next bar's open), instead of one order.
import {
  type Bar,
  type ExecutionRequest,
  InvalidInputError,
  Money,
  Price,
  type Ticker,
  toStrategyId,
} from '@ats/core';
import { Strategy, type StrategyContext } from '@ats/engine';
import { describe, expect, it } from 'vitest';
import { runBacktest } from './backtest-runner.js';

const symbol = 'TEST' as Ticker;
// 2024-03-05, a full NYSE session: 09:30 New York is 14:30 UTC.
const open = Date.UTC(2024, 2, 5, 14, 30);
const bars: Bar[] = Array.from({ length: 60 }, (_, minute) => {
  const price = Price.of((100 + minute / 100).toFixed(2));
  return {
    symbol,
    timeframe: '1m',
    time: open + minute * 60_000,
    open: price,
    high: price,
    low: price,
    close: price,
    volume: 50_000,
  };
});

/** Goes long once, on the first bar, asking for `execution` (or one market order without it). */
class BuyOnce extends Strategy {
  private done = false;
  constructor(private readonly execution: ExecutionRequest | undefined) {
    super(toStrategyId('buy-once'), [symbol]);
  }
  override onBar(current: Bar, context: StrategyContext): void {
    if (this.done) return;
    this.done = true;
    context.signal(current.symbol, 'LONG', this.execution ? { execution: this.execution } : {});
  }
}

const rules = {
  marketFill: 'next-open',
  slippage: { kind: 'none' },
  commission: { kind: 'basis-points', basisPoints: 0 },
} as const;

function run(execution: ExecutionRequest | undefined) {
  return runBacktest({
    bars: new Map([[symbol, bars]]),
    strategies: () => [new BuyOnce(execution)],
    startingCash: Money.of('100000'),
    rules,
    // Half the cash: a cash account's buy sized at one price still pays at the next bars' opens.
    limits: { positionFraction: 0.5 },
  });
}

describe('a signal asking for an execution algorithm in a backtest', () => {
  it('works the approved quantity as a TWAP of five children over twenty minute bars, each filled at a later bar open', () => {
    const market = run(undefined);
    expect(market.fills).toHaveLength(1);
    const approved = market.fills[0]?.quantity as number;
    expect(approved).toBeGreaterThan(5);

    const twap = run({ algorithm: 'TWAP', durationMinutes: 20, slices: 5, randomization: 0 });
    // Five children, each an ordinary market order, together exactly the approved quantity.
    expect(twap.orders).toHaveLength(5);
    expect(twap.orders.every((order) => order.type === 'MARKET' && order.status === 'FILLED')).toBe(true);
    expect(twap.orders.reduce((sum, order) => sum + order.quantity, 0)).toBe(approved);
    const fills = twap.fills;
    expect(fills).toHaveLength(5);
    expect(fills.reduce((sum, fill) => sum + fill.quantity, 0)).toBe(approved);
    // One slice every 4 minutes from the signal's bar; each child fills at the next bar's open.
    const minutes = fills.map((fill) => (Date.parse(fill.time) - open) / 60_000);
    expect(minutes).toEqual([1, 5, 9, 13, 17]);
    for (const fill of fills) {
      const bar = bars.find((candidate) => candidate.time === Date.parse(fill.time)) as Bar;
      expect(fill.price).toBe(bar.open.toString());
    }
  });

  it('refuses a request it cannot work with an error naming the field', () => {
    expect(() => run({ algorithm: 'VWAP' })).toThrow(InvalidInputError);
    expect(() => run({ algorithm: 'VWAP' })).toThrow(/execution\.algorithm/);
    expect(() => run({ algorithm: 'TWAP', slices: 0 } as ExecutionRequest)).toThrow(/execution\.slices/);
  });
});
