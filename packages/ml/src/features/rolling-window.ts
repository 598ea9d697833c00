// A fixed-size ring buffer of numbers with a running sum, for rolling statistics.

export class RollingWindow {
  private readonly values: Float64Array;
  private next = 0;
  private count = 0;
  private sum = 0;

  constructor(readonly size: number) {
    this.values = new Float64Array(size);
  }

  get full(): boolean {
    return this.count === this.size;
  }

  push(value: number): void {
    if (this.count === this.size) {
      const old = this.values[this.next] as number;
      this.sum -= old;
    } else {
      this.count++;
    }
    this.values[this.next] = value;
    this.sum += value;
    this.next = (this.next + 1) % this.size;
  }

  /** The value `back` pushes ago (0 = the latest); NaN when not held. */
  at(back: number): number {
    if (back >= this.count) return Number.NaN;
    return this.values[(this.next - 1 - back + this.size * 2) % this.size] as number;
  }

  mean(): number {
    return this.sum / this.count;
  }

  /** Sample standard deviation, from the held values (two passes: no cancellation of large running sums). */
  standardDeviation(): number {
    if (this.count < 2) return Number.NaN;
    const mean = this.mean();
    let squares = 0;
    for (let index = 0; index < this.count; index++) {
      const difference = (this.values[index] as number) - mean;
      squares += difference * difference;
    }
    return Math.sqrt(squares / (this.count - 1));
  }

  skewness(): number {
    if (this.count < 3) return Number.NaN;
    const mean = this.mean();
    let second = 0;
    let third = 0;
    for (let index = 0; index < this.count; index++) {
      const difference = (this.values[index] as number) - mean;
      second += difference * difference;
      third += difference * difference * difference;
    }
    second /= this.count;
    third /= this.count;
    return second === 0 ? 0 : third / second ** 1.5;
  }

  reset(): void {
    this.next = 0;
    this.count = 0;
    this.sum = 0;
    this.values.fill(0);
  }
}
