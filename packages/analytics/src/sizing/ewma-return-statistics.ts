// Return statistics kept incrementally: a quote only stores the last price (O(1)); each sample (a bar
// close or a timer) turns the prices since the last sample into returns and updates the exponentially
// weighted covariance Σₜ = λΣₜ₋₁ + (1 - λ) rₜrₜᵀ (RiskMetrics, zero mean) in O(n²) for n symbols.
import { riskMetricsLambda } from '../risk/covariance.js';
import type { ReturnStatistics } from './holdings.js';

export class EwmaReturnStatistics implements ReturnStatistics {
  private readonly index = new Map<string, number>();
  private capacity: number;
  private covariance: Float64Array;
  private lastPrice: Float64Array;
  private sampledPrice: Float64Array;
  /** Samples seen by each symbol (a statistic is known after `warmUp` of them). */
  private counts: Uint32Array;
  /** Scratch space for one sample's returns. */
  private returns: Float64Array;

  constructor(
    private readonly lambda = riskMetricsLambda,
    /** Returns a symbol needs before its statistics are reported. */
    private readonly warmUp = 20,
    capacity = 64,
  ) {
    if (!(lambda > 0 && lambda < 1)) throw new RangeError(`EWMA lambda must be in (0, 1), got ${lambda}`);
    this.capacity = capacity;
    this.covariance = new Float64Array(capacity * capacity);
    this.lastPrice = new Float64Array(capacity);
    this.sampledPrice = new Float64Array(capacity);
    this.counts = new Uint32Array(capacity);
    this.returns = new Float64Array(capacity);
  }

  get symbols(): readonly string[] {
    return [...this.index.keys()];
  }

  /** Records the last price of a symbol (O(1)); a non-positive or non-finite price is refused. */
  mark(symbol: string, price: number): void {
    if (!(Number.isFinite(price) && price > 0))
      throw new RangeError(`EWMA statistics: price of ${symbol} must be positive, got ${price}`);
    // The slot first: finding it may grow (replace) the arrays.
    const slot = this.slotOf(symbol);
    this.lastPrice[slot] = price;
  }

  /** Takes one sample: the log return of every marked symbol since its previous sample. */
  sample(): void {
    const size = this.index.size;
    const r = this.returns;
    for (let i = 0; i < size; i++) {
      const last = this.lastPrice[i]!;
      const previous = this.sampledPrice[i]!;
      r[i] = previous > 0 && last > 0 ? Math.log(last / previous) : 0;
      if (previous > 0 && last > 0) this.counts[i]!++;
      if (last > 0) this.sampledPrice[i] = last;
    }
    const keep = this.lambda;
    const add = 1 - this.lambda;
    const stride = this.capacity;
    for (let i = 0; i < size; i++) {
      for (let j = 0; j <= i; j++) {
        const value = keep * this.covariance[i * stride + j]! + add * r[i]! * r[j]!;
        this.covariance[i * stride + j] = value;
        this.covariance[j * stride + i] = value;
      }
    }
  }

  /** The symbol's return in the latest sample (0 before its second sample or when unknown). */
  lastReturnOf(symbol: string): number {
    const slot = this.index.get(symbol);
    return slot === undefined ? 0 : this.returns[slot]!;
  }

  private known(slot: number | undefined): slot is number {
    return slot !== undefined && this.counts[slot]! >= this.warmUp;
  }

  volatilityOf(symbol: string): number | null {
    const slot = this.index.get(symbol);
    return this.known(slot) ? Math.sqrt(this.covariance[slot * this.capacity + slot]!) : null;
  }

  correlationOf(first: string, second: string): number | null {
    const a = this.index.get(first);
    const b = this.index.get(second);
    if (!this.known(a) || !this.known(b)) return null;
    const stride = this.capacity;
    const denominator = Math.sqrt(this.covariance[a * stride + a]! * this.covariance[b * stride + b]!);
    return denominator > 0 ? this.covariance[a * stride + b]! / denominator : null;
  }

  covarianceOf(symbols: readonly string[]): Float64Array | null {
    const slots = symbols.map((symbol) => this.index.get(symbol));
    if (!slots.every((slot) => this.known(slot))) return null;
    const size = symbols.length;
    const result = new Float64Array(size * size);
    for (let i = 0; i < size; i++)
      for (let j = 0; j < size; j++)
        result[i * size + j] = this.covariance[slots[i]! * this.capacity + slots[j]!]!;
    return result;
  }

  private slotOf(symbol: string): number {
    const existing = this.index.get(symbol);
    if (existing !== undefined) return existing;
    const slot = this.index.size;
    if (slot >= this.capacity) this.grow();
    this.index.set(symbol, slot);
    return slot;
  }

  private grow(): void {
    const old = this.capacity;
    const capacity = old * 2;
    const covariance = new Float64Array(capacity * capacity);
    for (let i = 0; i < old; i++)
      covariance.set(this.covariance.subarray(i * old, i * old + old), i * capacity);
    this.covariance = covariance;
    const widen = <T extends Float64Array | Uint32Array>(array: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(array);
      return next;
    };
    this.lastPrice = widen(this.lastPrice, (n) => new Float64Array(n));
    this.sampledPrice = widen(this.sampledPrice, (n) => new Float64Array(n));
    this.counts = widen(this.counts, (n) => new Uint32Array(n));
    this.returns = new Float64Array(capacity);
    this.capacity = capacity;
  }
}
