// The last N samples of every symbol's return in a ring buffer, as a ReturnMatrix for historical VaR.
import type { ReturnMatrix } from '../risk/return-matrix.js';

export class ReturnHistory {
  private readonly data: Float64Array;
  private next = 0;
  private count = 0;

  constructor(
    private readonly symbols: readonly string[],
    private readonly capacity: number,
  ) {
    this.data = new Float64Array(capacity * symbols.length);
  }

  get length(): number {
    return this.count;
  }

  /** Appends one sample's returns (one per symbol, in the constructor's order). */
  push(returns: readonly number[]): void {
    const assets = this.symbols.length;
    if (returns.length !== assets)
      throw new RangeError(`return sample has ${returns.length} values for ${assets} symbols`);
    this.data.set(returns, this.next * assets);
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.capacity, this.count + 1);
  }

  /** The kept samples, oldest first, for the given symbols. */
  matrix(symbols: readonly string[]): ReturnMatrix {
    const assets = this.symbols.length;
    const columns = symbols.map((symbol) => {
      const column = this.symbols.indexOf(symbol);
      if (column < 0) throw new RangeError(`no return history for ${symbol}`);
      return column;
    });
    const data = new Float64Array(this.count * symbols.length);
    const oldest = this.count < this.capacity ? 0 : this.next;
    for (let t = 0; t < this.count; t++) {
      const row = ((oldest + t) % this.capacity) * assets;
      columns.forEach((column, index) => {
        data[t * symbols.length + index] = this.data[row + column]!;
      });
    }
    return { assets: symbols.length, observations: this.count, data };
  }
}
