// Mean reversion on Bollinger Bands confirmed by RSI: buy a close below the lower band while RSI
// says oversold; sell when price is back at the middle band or RSI has recovered.
import type { Bar, StrategyId, Ticker } from '@ats/core';
import { Strategy, type StrategyContext } from '@ats/engine';
import { BollingerBands, RelativeStrengthIndex } from '@ats/indicators';

export interface MeanReversionParameters {
  readonly period: number;
  readonly deviations: number;
  readonly rsiPeriod: number;
  /** RSI below this confirms an entry. */
  readonly oversold: number;
  /** RSI above this ends the trade (as does a close at or above the middle band). */
  readonly exitRsi: number;
}

interface Indicators {
  readonly bands: BollingerBands;
  readonly rsi: RelativeStrengthIndex;
}

/** Long-only. */
export class MeanReversionStrategy extends Strategy {
  private readonly indicators = new Map<Ticker, Indicators>();

  constructor(
    id: StrategyId,
    symbols: readonly Ticker[],
    readonly parameters: MeanReversionParameters,
  ) {
    super(id, symbols);
  }

  override onStart(context: StrategyContext): void {
    const { period, deviations, rsiPeriod } = this.parameters;
    for (const symbol of this.symbols)
      this.indicators.set(symbol, {
        bands: context.registerIndicator(symbol, new BollingerBands(period, deviations, deviations)),
        rsi: context.registerIndicator(symbol, new RelativeStrengthIndex(rsiPeriod)),
      });
  }

  override onBar(bar: Bar, context: StrategyContext): void {
    const found = this.indicators.get(bar.symbol);
    if (!found?.bands.ready || !found.rsi.ready) return;
    const close = bar.close.toNumber();
    const held = context.position(bar.symbol) > 0;
    if (!held && close < found.bands.lower && found.rsi.value < this.parameters.oversold)
      context.signal(bar.symbol, 'LONG');
    else if (held && (close >= found.bands.middle || found.rsi.value > this.parameters.exitRsi))
      context.signal(bar.symbol, 'FLAT');
  }
}
