// The SMA crossover: long when the fast average crosses above the slow one, flat when it crosses below.
import type { Bar, StrategyId, Ticker } from '@ats/core';
import { Strategy, type StrategyContext } from '@ats/engine';
import { Crossover, compareAverages, FixedPointSimpleMovingAverage } from '@ats/indicators';

export interface SmaCrossParameters {
  /** Bars of the fast average. */
  readonly fast: number;
  /** Bars of the slow average; must be longer than the fast one. */
  readonly slow: number;
}

/**
 * A symbol's averages and crossover. A class, not an object literal: V8 builds a literal's template at
 * its second evaluation (the second backtest in a process) and widens its fields' types then, which
 * threw away the optimized code of onBar and of the bar handlers that inline it.
 */
class Averages {
  readonly fast: FixedPointSimpleMovingAverage;
  readonly slow: FixedPointSimpleMovingAverage;
  readonly crossover = new Crossover();

  constructor(parameters: SmaCrossParameters) {
    this.fast = new FixedPointSimpleMovingAverage(parameters.fast);
    this.slow = new FixedPointSimpleMovingAverage(parameters.slow);
  }
}

/**
 * Long-only. The averages keep exact integer sums of the closes' raw 1/10,000 units, so averages that
 * are equal in decimal compare equal. A cross is a change of the sign of (fast − slow) against its
 * last non-zero sign once both are ready: a tie is not a cross, and a difference that returns to the
 * same side after a tie is none either. The first ready bar never trades on its own.
 */
export class SmaCrossStrategy extends Strategy {
  private readonly averages = new Map<Ticker, Averages>();

  constructor(
    id: StrategyId,
    symbols: readonly Ticker[],
    readonly parameters: SmaCrossParameters,
  ) {
    super(id, symbols);
  }

  override onStart(_context: StrategyContext): void {
    for (const symbol of this.symbols) {
      this.averages.set(symbol, new Averages(this.parameters));
    }
  }

  override onBar(bar: Bar, context: StrategyContext): void {
    const averages = this.averages.get(bar.symbol);
    if (!averages) return;
    averages.fast.update(bar.close.raw);
    averages.slow.update(bar.close.raw);
    if (!averages.fast.ready || !averages.slow.ready) return;
    const cross = averages.crossover.update(compareAverages(averages.fast, averages.slow));
    // A cross (a few bars in a hundred) is acted on by a call of its own, which keeps this method small
    // enough to be inlined into the runtime's bar handler.
    if (cross !== null) this.onCross(cross, bar.symbol, context);
  }

  private onCross(cross: 'up' | 'down', symbol: Ticker, context: StrategyContext): void {
    if (cross === 'up' && context.position(symbol) <= 0) context.signal(symbol, 'LONG');
    else if (cross === 'down' && context.position(symbol) > 0) context.signal(symbol, 'FLAT');
  }
}
