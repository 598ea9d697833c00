// A portfolio's live risk figures kept by running sums as prices move: a quote costs O(1) for exposures,
// delta, beta-weighted delta and equity, and O(n) for the variance of the P&L (so the parametric VaR),
// never a recomputation from scratch. The covariance and betas change only at samples (O(n²)).
import { normalQuantile } from '../risk/distributions.js';

export interface PortfolioRiskFigures {
  readonly equity: number;
  readonly grossLong: number;
  readonly grossShort: number;
  readonly net: number;
  /** Σ βᵢ vᵢ: the portfolio's delta to the benchmark, in currency per unit benchmark return. */
  readonly betaDelta: number;
  /** Beta of the book to the benchmark: betaDelta / equity. */
  readonly beta: number;
  readonly highWaterMark: number;
  /** 1 - equity / highWaterMark. */
  readonly drawdown: number;
  /** One-day parametric VaR of the positions at the configured confidence. */
  readonly valueAtRisk: number;
  readonly sectors: Readonly<Record<string, { long: number; short: number }>>;
}

export class IncrementalPortfolioRisk {
  readonly size: number;
  private readonly quantity: Float64Array;
  private readonly price: Float64Array;
  private readonly value: Float64Array;
  private readonly beta: Float64Array;
  private readonly sectorOf: Uint16Array;
  private readonly sectorNames: readonly string[];
  private readonly sectorLong: Float64Array;
  private readonly sectorShort: Float64Array;
  private covariance: Float64Array;
  /** (Σ v)ᵢ, kept so one changed value updates the variance in O(n). */
  private readonly covarianceTimesValue: Float64Array;
  private variance = 0;
  private grossLong = 0;
  private grossShort = 0;
  private betaDelta = 0;
  private cashBalance = 0;
  private highWaterMark = Number.NEGATIVE_INFINITY;
  private readonly z: number;

  constructor(
    private readonly symbols: readonly string[],
    sectors: readonly string[],
    confidence = 0.99,
  ) {
    if (sectors.length !== symbols.length)
      throw new RangeError(`${sectors.length} sectors for ${symbols.length} symbols`);
    const size = symbols.length;
    this.size = size;
    this.quantity = new Float64Array(size);
    this.price = new Float64Array(size);
    this.value = new Float64Array(size);
    this.beta = new Float64Array(size).fill(1);
    this.sectorNames = [...new Set(sectors)];
    this.sectorOf = Uint16Array.from(sectors, (sector) => this.sectorNames.indexOf(sector));
    this.sectorLong = new Float64Array(this.sectorNames.length);
    this.sectorShort = new Float64Array(this.sectorNames.length);
    this.covariance = new Float64Array(size * size);
    this.covarianceTimesValue = new Float64Array(size);
    this.z = normalQuantile(confidence);
  }

  slotOf(symbol: string): number {
    return this.symbols.indexOf(symbol);
  }

  setCash(cash: number): void {
    if (!Number.isFinite(cash)) throw new RangeError(`cash is not finite (${cash})`);
    this.cashBalance = cash;
    this.touchHighWaterMark();
  }

  setQuantity(slot: number, quantity: number): void {
    if (!Number.isFinite(quantity)) throw new RangeError(`quantity of ${this.symbols[slot]} is not finite`);
    this.quantity[slot] = quantity;
    this.revalue(slot);
  }

  /** A new price of one symbol (the per-quote update). */
  setPrice(slot: number, price: number): void {
    if (!(Number.isFinite(price) && price > 0))
      throw new RangeError(`price of ${this.symbols[slot]} must be positive, got ${price}`);
    this.price[slot] = price;
    this.revalue(slot);
  }

  /** Replaces the covariance of daily returns (row-major, n × n) and recomputes Σv and vᵀΣv once. */
  setCovariance(covariance: Float64Array): void {
    if (covariance.length !== this.size * this.size)
      throw new RangeError(`covariance must be ${this.size}×${this.size}`);
    this.covariance = covariance;
    let variance = 0;
    for (let i = 0; i < this.size; i++) {
      let row = 0;
      for (let j = 0; j < this.size; j++) row += covariance[i * this.size + j]! * this.value[j]!;
      this.covarianceTimesValue[i] = row;
      variance += this.value[i]! * row;
    }
    this.variance = variance;
  }

  setBeta(slot: number, beta: number): void {
    if (!Number.isFinite(beta)) throw new RangeError(`beta of ${this.symbols[slot]} is not finite`);
    this.betaDelta += (beta - this.beta[slot]!) * this.value[slot]!;
    this.beta[slot] = beta;
  }

  /** Applies the change of one position's value to every running sum. */
  private revalue(slot: number): void {
    const old = this.value[slot]!;
    const next = this.quantity[slot]! * this.price[slot]!;
    const change = next - old;
    if (change === 0) return;
    this.value[slot] = next;
    const sector = this.sectorOf[slot]!;
    if (old > 0) {
      this.grossLong -= old;
      this.sectorLong[sector]! -= old;
    } else if (old < 0) {
      this.grossShort += old;
      this.sectorShort[sector]! += old;
    }
    if (next > 0) {
      this.grossLong += next;
      this.sectorLong[sector]! += next;
    } else if (next < 0) {
      this.grossShort -= next;
      this.sectorShort[sector]! -= next;
    }
    this.betaDelta += this.beta[slot]! * change;
    // vᵀΣv with v_s → v_s + Δ: + 2Δ(Σv)_s + Δ²Σ_ss; then (Σv)ᵢ += Σ_is Δ.
    const size = this.size;
    this.variance +=
      2 * change * this.covarianceTimesValue[slot]! + change * change * this.covariance[slot * size + slot]!;
    for (let i = 0; i < size; i++)
      this.covarianceTimesValue[i]! += this.covariance[i * size + slot]! * change;
    this.touchHighWaterMark();
  }

  get cash(): number {
    return this.cashBalance;
  }

  quantityOf(slot: number): number {
    return this.quantity[slot]!;
  }

  get equity(): number {
    return this.cashBalance + this.grossLong - this.grossShort;
  }

  private touchHighWaterMark(): void {
    const equity = this.equity;
    if (equity > this.highWaterMark) this.highWaterMark = equity;
  }

  /** Starts the high-water mark again from a known value (e.g. restored from storage). */
  restoreHighWaterMark(value: number): void {
    if (!Number.isFinite(value)) throw new RangeError('high-water mark is not finite');
    this.highWaterMark = Math.max(value, this.equity);
  }

  get valueAtRisk(): number {
    return this.z * Math.sqrt(Math.max(0, this.variance));
  }

  /** The value of each position (a copy). */
  values(): Float64Array {
    return Float64Array.from(this.value);
  }

  figures(): PortfolioRiskFigures {
    const equity = this.equity;
    const sectors: Record<string, { long: number; short: number }> = {};
    this.sectorNames.forEach((name, index) => {
      sectors[name] = { long: this.sectorLong[index]!, short: this.sectorShort[index]! };
    });
    const highWaterMark = Number.isFinite(this.highWaterMark) ? this.highWaterMark : equity;
    return {
      equity,
      grossLong: this.grossLong,
      grossShort: this.grossShort,
      net: this.grossLong - this.grossShort,
      betaDelta: this.betaDelta,
      beta: equity > 0 ? this.betaDelta / equity : 0,
      highWaterMark,
      drawdown: highWaterMark > 0 ? Math.max(0, 1 - equity / highWaterMark) : 0,
      valueAtRisk: this.valueAtRisk,
      sectors,
    };
  }
}
