// A backtest sizes with the same settings as the Risk Manager's risk_models.sizing block: fixed
// quantity, ATR volatility target fed by the run's bars, and drawdown scaling fed by its equity.
import type { SizingSettings } from '@ats/analytics';
import { type Bar, Money, Price, type Ticker, toStrategyId } from '@ats/core';
import { Strategy, type StrategyContext } from '@ats/engine';
import { describe, expect, it } from 'vitest';
import { type BacktestConfig, runBacktest } from './backtest-runner.js';

const symbol = 'TEST' as Ticker;
const day = 86_400_000;
/** Bars with a range of `range` around a close that drifts; open = previous close. */
function bars(count: number, range: (index: number) => number, close: (index: number) => number): Bar[] {
  return Array.from({ length: count }, (_, index) => {
    const last = close(index);
    const open = index === 0 ? last : close(index - 1);
    const half = range(index) / 2;
    return {
      symbol,
      timeframe: '1d',
      time: index * day,
      open: Price.of(open.toFixed(2)),
      high: Price.of((Math.max(open, last) + half).toFixed(2)),
      low: Price.of((Math.min(open, last) - half).toFixed(2)),
      close: Price.of(last.toFixed(2)),
      volume: 1_000_000,
    };
  });
}

/** Long on every 10th bar from the 20th, flat 5 bars later: round trips that win while prices rise. */
class Periodic extends Strategy {
  private seen = 0;
  override onBar(current: Bar, context: StrategyContext): void {
    this.seen++;
    if (this.seen >= 20 && this.seen % 10 === 0) context.signal(current.symbol, 'LONG');
    if (this.seen >= 20 && this.seen % 10 === 5) context.signal(current.symbol, 'FLAT');
  }
}

const defaults: SizingSettings = {
  method: 'fixed_fraction',
  quantity: 100,
  target_volatility: 0.02,
  volatility_measure: 'realized',
  kelly_fraction: 0.5,
  kelly_cap: 0.1,
  kelly_min_trades: 20,
  gross_fraction: 1,
  correlation_adjustment: false,
  strategies: {},
};

function run(series: Bar[], sizing?: Partial<SizingSettings>) {
  const config: BacktestConfig = {
    bars: new Map([[symbol, series]]),
    strategies: () => [new Periodic(toStrategyId('periodic'), [symbol])],
    startingCash: Money.of('100000'),
    rules: {
      marketFill: 'next-open',
      slippage: { kind: 'none' },
      commission: { kind: 'fixed', perOrder: Money.zero },
    },
    limits: { positionFraction: 0.5 },
    ...(sizing ? { sizing: { ...defaults, ...sizing } } : {}),
  };
  return runBacktest(config);
}

const buys = (result: ReturnType<typeof run>) =>
  result.fills.filter((fill) => fill.side === 'BUY').map((fill) => fill.quantity);

describe('backtest sizing from risk_models.sizing settings', () => {
  const rising = bars(
    80,
    () => 2,
    (index) => 100 + index * 0.5,
  );

  it('buys the fixed quantity of fixed_quantity on every entry', () => {
    const quantities = buys(run(rising, { method: 'fixed_quantity', quantity: 37 }));
    expect(quantities.length).toBeGreaterThan(3);
    expect(new Set(quantities)).toEqual(new Set([37]));
  });

  it('sizes fixed_fraction like the default fraction of the limits when no sizing is given', () => {
    expect(buys(run(rising, { method: 'fixed_fraction' }))).toEqual(buys(run(rising)));
  });

  it('buys less when the ATR of the bars is larger (volatility target on the atr measure)', () => {
    const calm = buys(run(rising, { method: 'volatility_target', volatility_measure: 'atr' }));
    const wild = buys(
      run(
        bars(
          80,
          () => 8,
          (index) => 100 + index * 0.5,
        ),
        { method: 'volatility_target', volatility_measure: 'atr' },
      ),
    );
    expect(calm.length).toBeGreaterThan(0);
    expect(wild.length).toBe(calm.length);
    for (let entry = 0; entry < calm.length; entry++)
      expect(wild[entry] as number).toBeLessThan(calm[entry] as number);
  });

  it('shrinks entries as the run falls into drawdown (max_drawdown scaling)', () => {
    const falling = bars(
      80,
      () => 2,
      (index) => 100 - index * 0.5,
    );
    const quantities = buys(run(falling, { method: 'fixed_quantity', quantity: 1000, max_drawdown: 0.2 }));
    // Flat at the first entry: no drawdown, the full 1,000.
    expect(quantities[0]).toBe(1000);
    for (let entry = 1; entry < quantities.length; entry++)
      expect(quantities[entry] as number).toBeLessThan(quantities[entry - 1] as number);
  });

  it('holds equity x target / annual ATR volatility under volatility_target where fixed_fraction holds half of equity', () => {
    // Flat closes of 100 with high 101 and low 99: every true range is 2, ATR(14) = 2, daily volatility
    // 2 / 100 = 0.02, annual 0.02 x sqrt(252) = 0.317490. Equity stays 100,000 (no price move, no cost).
    const flat = bars(
      60,
      () => 2,
      () => 100,
    );
    // Target 0.1: 100,000 x 0.1 / 0.317490 = 31,497.5 of value, 314 shares at 100.
    const targeted = buys(
      run(flat, { method: 'volatility_target', volatility_measure: 'atr', target_volatility: 0.1 }),
    );
    // Fixed fraction 0.5 (the limits' position_fraction): 50,000 of value, 500 shares.
    const fixed = buys(run(flat, { method: 'fixed_fraction' }));
    expect(fixed.length).toBeGreaterThan(2);
    expect(new Set(fixed)).toEqual(new Set([500]));
    expect(targeted).toHaveLength(fixed.length);
    expect(new Set(targeted)).toEqual(new Set([314]));
    // Twice the range, twice the volatility: half the value, 157 shares.
    const wide = bars(
      60,
      () => 4,
      () => 100,
    );
    expect(
      new Set(
        buys(run(wide, { method: 'volatility_target', volatility_measure: 'atr', target_volatility: 0.1 })),
      ),
    ).toEqual(new Set([157]));
  });
});
