// Parabolic SAR: Wilder's stop and reverse, with TA-Lib's start direction and clamping rules.
import {
  barReader,
  checkBar,
  type OhlcvBar,
  type OhlcvColumns,
  runBatchOf,
  type StreamingIndicator,
} from './indicator.js';

/**
 * TA-Lib SAR (acceleration 0.02, maximum 0.2; first output at index 1). The first direction is short
 * when the second bar has a positive −DM (its low fell more than its high rose), long otherwise.
 */
export class ParabolicSar implements StreamingIndicator<OhlcvBar> {
  readonly warmUp = 2;
  private count = 0;
  private long = true;
  private sar = 0;
  private extreme = 0;
  private factor: number;
  private newHigh = 0;
  private newLow = 0;
  private output = Number.NaN;

  constructor(
    readonly acceleration = 0.02,
    readonly maximum = 0.2,
  ) {
    if (!(acceleration > 0) || !(maximum > 0))
      throw new RangeError('SAR: acceleration and maximum must be positive');
    this.factor = Math.min(acceleration, maximum);
  }

  get ready(): boolean {
    return this.count > 1;
  }
  get value(): number {
    return this.output;
  }

  update(bar: OhlcvBar): number {
    checkBar('SAR', bar);
    this.count++;
    if (this.count === 1) {
      this.newHigh = bar.high;
      this.newLow = bar.low;
      return Number.NaN;
    }
    if (this.count === 2) {
      const plusMove = bar.high - this.newHigh;
      const minusMove = this.newLow - bar.low;
      const minusDm = minusMove > 0 && plusMove < minusMove ? minusMove : 0;
      this.long = !(minusDm > 0);
      if (this.long) {
        this.extreme = bar.high;
        this.sar = this.newLow;
      } else {
        this.extreme = bar.low;
        this.sar = this.newHigh;
      }
      // TA-Lib's first step compares the second bar with itself.
      this.newHigh = bar.high;
      this.newLow = bar.low;
    }
    const previousLow = this.newLow;
    const previousHigh = this.newHigh;
    this.newLow = bar.low;
    this.newHigh = bar.high;
    const { acceleration, maximum } = this;
    if (this.long) {
      if (this.newLow <= this.sar) {
        this.long = false;
        this.sar = this.extreme;
        if (this.sar < previousHigh) this.sar = previousHigh;
        if (this.sar < this.newHigh) this.sar = this.newHigh;
        this.output = this.sar;
        this.factor = acceleration;
        this.extreme = this.newLow;
        this.sar = this.sar + this.factor * (this.extreme - this.sar);
        if (this.sar < previousHigh) this.sar = previousHigh;
        if (this.sar < this.newHigh) this.sar = this.newHigh;
      } else {
        this.output = this.sar;
        if (this.newHigh > this.extreme) {
          this.extreme = this.newHigh;
          this.factor += acceleration;
          if (this.factor > maximum) this.factor = maximum;
        }
        this.sar = this.sar + this.factor * (this.extreme - this.sar);
        if (this.sar > previousLow) this.sar = previousLow;
        if (this.sar > this.newLow) this.sar = this.newLow;
      }
    } else if (this.newHigh >= this.sar) {
      this.long = true;
      this.sar = this.extreme;
      if (this.sar > previousLow) this.sar = previousLow;
      if (this.sar > this.newLow) this.sar = this.newLow;
      this.output = this.sar;
      this.factor = acceleration;
      this.extreme = this.newHigh;
      this.sar = this.sar + this.factor * (this.extreme - this.sar);
      if (this.sar > previousLow) this.sar = previousLow;
      if (this.sar > this.newLow) this.sar = this.newLow;
    } else {
      this.output = this.sar;
      if (this.newLow < this.extreme) {
        this.extreme = this.newLow;
        this.factor += acceleration;
        if (this.factor > maximum) this.factor = maximum;
      }
      this.sar = this.sar + this.factor * (this.extreme - this.sar);
      if (this.sar < previousHigh) this.sar = previousHigh;
      if (this.sar < this.newHigh) this.sar = this.newHigh;
    }
    return this.output;
  }

  reset(): void {
    this.count = 0;
    this.long = true;
    this.sar = 0;
    this.extreme = 0;
    this.factor = Math.min(this.acceleration, this.maximum);
    this.output = Number.NaN;
  }
}

export function parabolicSar(bars: OhlcvColumns, acceleration = 0.02, maximum = 0.2): Float64Array {
  return runBatchOf(new ParabolicSar(acceleration, maximum), bars.close.length, barReader(bars));
}
