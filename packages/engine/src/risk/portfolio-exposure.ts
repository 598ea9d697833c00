// The portfolio's signed position values per instrument, gross and net: one snapshot per checked order
// (O(instruments), no allocation), so every exposure check of that order reads the same figures. The
// snapshot is taken when a check first reads it, not when the order arrives: an order the chain
// decides without reading exposure (a reduction, a refusal before the exposure checks) skips the
// pass over every instrument, which a backtest of hundreds of symbols paid on each such order.
import type { Instrument, Ticker } from '@ats/core';
import type { PortfolioView } from '../portfolio/portfolio-view.js';

export class PortfolioExposure {
  private readonly signedValues: Float64Array;
  /** Each instrument's sector as a number (its index in `sectorNumbers`): compared without strings. */
  private readonly sectorOf: Uint32Array;
  private readonly sectorNumbers = new Map<string, number>();
  private grossValue = 0;
  private netValue = 0;
  /** The portfolio to snapshot at the next read; null while the snapshot is current. */
  private pending: PortfolioView | null = null;

  constructor(readonly instruments: readonly Instrument[]) {
    this.signedValues = new Float64Array(instruments.length);
    this.sectorOf = new Uint32Array(instruments.length);
    for (const [index, instrument] of instruments.entries()) {
      let sector = this.sectorNumbers.get(instrument.sector);
      if (sector === undefined) {
        sector = this.sectorNumbers.size;
        this.sectorNumbers.set(instrument.sector, sector);
      }
      this.sectorOf[index] = sector;
    }
  }

  /**
   * A new order: the next read snapshots `portfolio`. The checks only read the portfolio, so the
   * snapshot equals one taken here.
   */
  refresh(portfolio: PortfolioView): void {
    this.pending = portfolio;
  }

  /** Signed value (quantity × mark) per instrument index. */
  get values(): Float64Array {
    if (this.pending !== null) this.snapshot(this.pending);
    return this.signedValues;
  }

  /** Σ |value| over the instruments. */
  get gross(): number {
    if (this.pending !== null) this.snapshot(this.pending);
    return this.grossValue;
  }

  /** Σ value over the instruments. */
  get net(): number {
    if (this.pending !== null) this.snapshot(this.pending);
    return this.netValue;
  }

  /** Gross exposure of a sector's instruments other than `excluding` (an index). */
  sectorGross(sector: string, excluding: number): number {
    const values = this.values;
    const wanted = this.sectorNumbers.get(sector);
    // No instrument in that sector: nothing to add up.
    if (wanted === undefined) return 0;
    const sectorOf = this.sectorOf;
    let total = 0;
    for (let index = 0; index < sectorOf.length; index++) {
      if (index === excluding || sectorOf[index] !== wanted) continue;
      total += Math.abs(values[index] as number);
    }
    return total;
  }

  private snapshot(portfolio: PortfolioView): void {
    this.pending = null;
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
      this.signedValues[index] = value;
      gross += Math.abs(value);
      net += value;
    }
    this.grossValue = gross;
    this.netValue = net;
  }
}
