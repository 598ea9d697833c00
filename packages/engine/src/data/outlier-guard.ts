// Judges one symbol's price moves against the median of its recent accepted prices, holding a sudden
// jump until the following quotes confirm it (a real gap) or contradict it (a single bad print).

/** How a price compares with the symbol's recent accepted prices. */
export type OutlierVerdict =
  /** Within the band of the reference: accept, and any held quotes were bad prints. */
  | 'accept'
  /** Far from the reference: hold it; it is not yet known whether it is a gap or a bad print. */
  | 'hold'
  /** This quote completes the confirmation of a held jump: accept it and every held quote. */
  | 'confirm'
  /** Far from both the reference and the held level: the held quotes were bad prints; hold this one. */
  | 'replace';

export interface OutlierGuardSettings {
  /** A price further than this fraction from the reference is suspicious (0.2 = 20%). */
  readonly outlierFraction: number;
  /** How many consecutive quotes at a new level (the jump included) make it a genuine move. */
  readonly confirmationQuotes: number;
  /** After this long without an accepted quote (a halt), the first price sets a new reference. */
  readonly haltGapMilliseconds: number;
  /** How many recent accepted prices the median is taken over (odd). */
  readonly referenceWindow: number;
}

/**
 * Per symbol state. The reference is a median, not the last price, so one bad print that slipped
 * through cannot move it, and a rejected print never becomes the reference: the old validator compared
 * with the last accepted price only, so after one real 20% move every later quote was rejected forever.
 */
export class OutlierGuard {
  private readonly recent: Float64Array;
  private readonly sorted: Float64Array;
  private count = 0;
  private next = 0;
  private lastAcceptedTime = Number.NEGATIVE_INFINITY;
  /** The price of the first held quote (the candidate new level) and how many quotes are held. */
  private heldLevel = 0;
  private heldCount = 0;

  constructor(private readonly settings: OutlierGuardSettings) {
    this.recent = new Float64Array(settings.referenceWindow);
    this.sorted = new Float64Array(settings.referenceWindow);
  }

  get held(): number {
    return this.heldCount;
  }

  /** The median of the recent accepted prices, or NaN before the first. */
  reference(): number {
    const count = this.count;
    if (count === 0) return Number.NaN;
    const sorted = this.sorted;
    // Insertion sort of at most `referenceWindow` numbers: no allocation on the per-quote path.
    for (let index = 0; index < count; index++) {
      const value = this.recent[index] as number;
      let position = index - 1;
      while (position >= 0 && (sorted[position] as number) > value) {
        sorted[position + 1] = sorted[position] as number;
        position--;
      }
      sorted[position + 1] = value;
    }
    const middle = count >> 1;
    return count % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  }

  /** The relative distance of a price from the reference (0 before any reference). */
  moveFromReference(price: number): number {
    const reference = this.reference();
    return Number.isNaN(reference) ? 0 : Math.abs(price - reference) / reference;
  }

  /** Decides on a price at a time; the caller then calls `accepted` or `discardHeld` as the verdict says. */
  judge(price: number, time: number): OutlierVerdict {
    if (this.count === 0 || time - this.lastAcceptedTime >= this.settings.haltGapMilliseconds) {
      // A first quote, or the reopening after a halt: the old prices say nothing about the new level.
      if (this.count > 0) this.resetTo(price);
      return 'accept';
    }
    if (this.moveFromReference(price) <= this.settings.outlierFraction) return 'accept';
    if (this.heldCount > 0 && Math.abs(price - this.heldLevel) / this.heldLevel <= this.settings.outlierFraction) {
      if (this.heldCount + 1 >= this.settings.confirmationQuotes) return 'confirm';
      this.heldCount++;
      return 'hold';
    }
    // A new suspicious level (the first, or one that disagrees with the held one).
    if (this.settings.confirmationQuotes <= 1) return 'confirm';
    const replacing = this.heldCount > 0;
    this.heldLevel = price;
    this.heldCount = 1;
    return replacing ? 'replace' : 'hold';
  }

  /** Records an accepted price. After a confirmed jump the reference restarts at the new level. */
  accepted(price: number, time: number, verdict: OutlierVerdict): void {
    if (verdict === 'confirm') this.resetTo(price);
    this.heldCount = 0;
    this.recent[this.next] = price;
    this.next = (this.next + 1) % this.recent.length;
    if (this.count < this.recent.length) this.count++;
    this.lastAcceptedTime = time;
  }

  private resetTo(price: number): void {
    this.count = 0;
    this.next = 0;
    this.recent[0] = price;
  }
}
