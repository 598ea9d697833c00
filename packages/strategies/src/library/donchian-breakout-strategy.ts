// Donchian breakout with ATR stops: buy a close above the highest high of the previous `entry`
// bars; leave on a close below the lowest low of the previous `exit` bars or below a trailing stop
// `stopAtr` ATRs under the highest close since entry.
import type { Bar, StrategyId, Ticker } from '@ats/core';
import { Strategy, type StrategyContext } from '@ats/engine';
import { AverageTrueRange, DonchianChannel } from '@ats/indicators';

export interface DonchianBreakoutParameters {
  readonly entry: number;
  readonly exit: number;
  readonly atrPeriod: number;
  readonly stopAtr: number;
}

interface State {
  readonly entryChannel: DonchianChannel;
  readonly exitChannel: DonchianChannel;
  readonly atr: AverageTrueRange;
  /** The channels as they stood before this bar: a breakout is measured against the past only. */
  previousUpper: number;
  previousLower: number;
  /** The highest close since entry, for the trailing stop; null when flat. */
  highestClose: number | null;
}

/** Long-only. */
export class DonchianBreakoutStrategy extends Strategy {
  private readonly states = new Map<Ticker, State>();

  constructor(
    id: StrategyId,
    symbols: readonly Ticker[],
    readonly parameters: DonchianBreakoutParameters,
  ) {
    super(id, symbols);
  }

  override onStart(context: StrategyContext): void {
    for (const symbol of this.symbols)
      this.states.set(symbol, {
        entryChannel: context.registerBarIndicator(symbol, new DonchianChannel(this.parameters.entry)),
        exitChannel: context.registerBarIndicator(symbol, new DonchianChannel(this.parameters.exit)),
        atr: context.registerBarIndicator(symbol, new AverageTrueRange(this.parameters.atrPeriod)),
        previousUpper: Number.NaN,
        previousLower: Number.NaN,
        highestClose: null,
      });
  }

  /** The trailing stop of a held symbol, or null when flat or not ready. */
  stopOf(symbol: Ticker): number | null {
    const state = this.states.get(symbol);
    if (!state || state.highestClose === null || !state.atr.ready) return null;
    return state.highestClose - this.parameters.stopAtr * state.atr.value;
  }

  override onBar(bar: Bar, context: StrategyContext): void {
    const state = this.states.get(bar.symbol);
    if (!state) return;
    const close = bar.close.toNumber();
    const held = context.position(bar.symbol) > 0;
    if (held) {
      state.highestClose = Math.max(state.highestClose ?? close, close);
      const stop = this.stopOf(bar.symbol);
      if (close < state.previousLower || (stop !== null && close < stop)) {
        context.signal(bar.symbol, 'FLAT');
        state.highestClose = null;
      }
    } else if (state.atr.ready && close > state.previousUpper) {
      context.signal(bar.symbol, 'LONG');
      state.highestClose = close;
    }
    // Channels now include this bar; kept for the next bar's comparison.
    state.previousUpper = state.entryChannel.ready ? state.entryChannel.upper : Number.NaN;
    state.previousLower = state.exitChannel.ready ? state.exitChannel.lower : Number.NaN;
  }
}
