// Session-anchored VWAP: cumulative typical price × volume over cumulative volume, reset at each session.
import { checkBar, type OhlcvBar, type StreamingIndicator } from './indicator.js';

export interface SessionBar extends OhlcvBar {
  /** Any key that changes when a new session starts (e.g. the exchange date 'YYYY-MM-DD'). */
  readonly session: string | number;
}

/**
 * VWAP = Σ(typical × volume) / Σ(volume) since the session began, typical = (high + low + close) / 3.
 * Source: the standard definition (e.g. Berkowitz, Logue and Noser, 1988). Until the session has
 * volume, VWAP is the typical price. Ready from the first bar.
 */
export class VolumeWeightedAveragePrice implements StreamingIndicator<SessionBar> {
  readonly warmUp = 1;
  private session: string | number | null = null;
  private priceVolume = 0;
  private volume = 0;
  private output = Number.NaN;

  get ready(): boolean {
    return !Number.isNaN(this.output);
  }
  get value(): number {
    return this.output;
  }

  update(bar: SessionBar): number {
    checkBar('VWAP', bar);
    const volume = bar.volume ?? 0;
    if (!Number.isFinite(volume) || volume < 0)
      throw new RangeError(`VWAP: volume ${volume} is not a non-negative number`);
    if (bar.session !== this.session) {
      this.session = bar.session;
      this.priceVolume = 0;
      this.volume = 0;
    }
    const typical = (bar.high + bar.low + bar.close) / 3;
    this.priceVolume += typical * volume;
    this.volume += volume;
    this.output = this.volume > 0 ? this.priceVolume / this.volume : typical;
    return this.output;
  }

  reset(): void {
    this.session = null;
    this.priceVolume = 0;
    this.volume = 0;
    this.output = Number.NaN;
  }
}
