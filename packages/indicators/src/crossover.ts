// A crossover detector: a change of sign of a difference against its last non-zero sign.

export type Cross = 'up' | 'down' | null;

/**
 * Feed it the sign of (fast − slow) each bar. A cross is a change of sign against the last non-zero
 * sign: a tie (0) is not a cross and leaves the last sign as it was, so above → tie → above is no
 * cross, and above → tie → below is one cross down, on the bar that goes below. The first non-zero
 * sign is not a cross (there is nothing to have crossed).
 */
export class Crossover {
  private lastSign = 0;

  /** The last non-zero sign seen (1 above, −1 below), or 0 before any. */
  get side(): number {
    return this.lastSign;
  }

  update(sign: number): Cross {
    if (sign === 0 || Number.isNaN(sign)) return null;
    const direction = sign > 0 ? 1 : -1;
    const previous = this.lastSign;
    this.lastSign = direction;
    if (previous === 0 || previous === direction) return null;
    return direction > 0 ? 'up' : 'down';
  }

  reset(): void {
    this.lastSign = 0;
  }
}
