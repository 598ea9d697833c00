// Quality of one signal source from its realized record: each call (LONG or SHORT at a price) is
// resolved when the source changes its mind, giving a return; hit rate, PnL and variance follow.
import type { SignalDirection } from '@ats/core';

interface OpenCall {
  readonly sign: number;
  readonly price: number;
}

/** The record of a source on one symbol, and across symbols through `SourceQuality`. */
export class SourceQuality {
  private readonly open = new Map<string, OpenCall>();
  private calls = 0;
  private hits = 0;
  private sum = 0;
  private sumOfSquares = 0;

  /**
   * A new call by the source at `price`: the open call on the symbol (if any, and if the
   * direction changed) is resolved at this price. FLAT closes without opening.
   */
  observe(symbol: string, direction: SignalDirection, price: number): void {
    if (!(price > 0)) throw new RangeError(`source quality: price ${price} must be positive`);
    const sign = direction === 'LONG' ? 1 : direction === 'SHORT' ? -1 : 0;
    const previous = this.open.get(symbol);
    if (previous && previous.sign === sign) return;
    if (previous) {
      const realized = previous.sign * (price / previous.price - 1);
      this.calls++;
      if (realized > 0) this.hits++;
      this.sum += realized;
      this.sumOfSquares += realized * realized;
      this.open.delete(symbol);
    }
    if (sign !== 0) this.open.set(symbol, { sign, price });
  }

  get resolvedCalls(): number {
    return this.calls;
  }

  /** Share of resolved calls that made money; 0.5 before any. */
  get hitRate(): number {
    return this.calls === 0 ? 0.5 : this.hits / this.calls;
  }

  /** Sum of the resolved calls' returns (a unit position each). */
  get pnl(): number {
    return this.sum;
  }

  /** Sample variance of the calls' returns; null before two. */
  get variance(): number | null {
    if (this.calls < 2) return null;
    const mean = this.sum / this.calls;
    return Math.max(0, (this.sumOfSquares - this.calls * mean * mean) / (this.calls - 1));
  }

  /**
   * A score in [0, 1]: half the hit rate, half the PnL squashed by tanh (5% of PnL moves it most
   * of the way), shrunk toward 0.5 while the record is short (`priorCalls` pseudo-calls at 0.5).
   */
  score(priorCalls = 5): number {
    const raw = 0.5 * this.hitRate + 0.5 * ((1 + Math.tanh(this.sum / 0.05)) / 2);
    return (raw * this.calls + 0.5 * priorCalls) / (this.calls + priorCalls);
  }
}
