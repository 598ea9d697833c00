// Highest and lowest of a sliding window with TA-Lib's tie rule (the latest extreme wins), amortized O(1).

/**
 * Keeps the last `size` values and their positions; `highest`/`lowest` and their ages follow TA-Lib's
 * scan (ties go to the most recent value).
 */
export class WindowExtremes {
  private readonly values: Float64Array;
  private readonly lowValues: Float64Array;
  private count = 0;
  private position = -1;
  /** position % size, kept by increment (no modulo on the common path). */
  private slot = -1;
  highest = Number.NaN;
  lowest = Number.NaN;
  highestAt = -1;
  lowestAt = -1;

  constructor(readonly size: number) {
    this.values = new Float64Array(size);
    this.lowValues = new Float64Array(size);
  }

  get full(): boolean {
    return this.count >= this.size;
  }

  /** Adds the high and low of the newest bar (pass the same value twice for a single series). */
  push(high: number, low: number): void {
    this.position++;
    const slot = this.slot + 1 === this.size ? 0 : this.slot + 1;
    this.slot = slot;
    this.values[slot] = high;
    this.lowValues[slot] = low;
    if (this.count < this.size) this.count++;
    const oldest = this.position - this.count + 1;
    if (this.highestAt < oldest) this.rescanHighest(oldest);
    else if (high >= this.highest) {
      this.highest = high;
      this.highestAt = this.position;
    }
    if (this.lowestAt < oldest) this.rescanLowest(oldest);
    else if (low <= this.lowest) {
      this.lowest = low;
      this.lowestAt = this.position;
    }
  }

  /** Bars since the highest and lowest (0 = the newest bar). */
  get highestAge(): number {
    return this.position - this.highestAt;
  }
  get lowestAge(): number {
    return this.position - this.lowestAt;
  }

  reset(): void {
    this.count = 0;
    this.position = -1;
    this.slot = -1;
    this.highest = Number.NaN;
    this.lowest = Number.NaN;
    this.highestAt = -1;
    this.lowestAt = -1;
  }

  private rescanHighest(oldest: number): void {
    this.highest = this.values[oldest % this.size] as number;
    this.highestAt = oldest;
    for (let index = oldest + 1; index <= this.position; index++) {
      const value = this.values[index % this.size] as number;
      if (value >= this.highest) {
        this.highest = value;
        this.highestAt = index;
      }
    }
  }

  private rescanLowest(oldest: number): void {
    this.lowest = this.lowValues[oldest % this.size] as number;
    this.lowestAt = oldest;
    for (let index = oldest + 1; index <= this.position; index++) {
      const value = this.lowValues[index % this.size] as number;
      if (value <= this.lowest) {
        this.lowest = value;
        this.lowestAt = index;
      }
    }
  }
}
