// The portfolio's signed position values per instrument, gross and net, refreshed once per checked
// order (O(instruments), no allocation) so every exposure check reads the same snapshot.
import type { Instrument, Ticker } from '@ats/core';
import type { PortfolioView } from '../portfolio/portfolio-view.js';

export class PortfolioExposure {
  /** Signed value (quantity × mark) per instrument index. */
  readonly values: Float64Array;
  gross = 0;
  net = 0;

  constructor(readonly instruments: readonly Instrument[]) {
    this.values = new Float64Array(instruments.length);
  }

  refresh(portfolio: PortfolioView): void {
    let gross = 0;
    let net = 0;
    const instruments = this.instruments;
    for (let index = 0; index < instruments.length; index++) {
      const symbol = (instruments[index] as Instrument).symbol as Ticker;
      const quantity = portfolio.netQuantity(symbol);
      let value = 0;
      if (quantity !== 0) {
        const mark = portfolio.mark(symbol);
        value = mark ? quantity * mark.toNumber() : 0;
      }
      this.values[index] = value;
      gross += Math.abs(value);
      net += value;
    }
    this.gross = gross;
    this.net = net;
  }

  /** Gross exposure of a sector's instruments other than `excluding` (an index). */
  sectorGross(sector: string, excluding: number): number {
    let total = 0;
    for (let index = 0; index < this.instruments.length; index++) {
      if (index === excluding || (this.instruments[index] as Instrument).sector !== sector) continue;
      total += Math.abs(this.values[index] as number);
    }
    return total;
  }
}
