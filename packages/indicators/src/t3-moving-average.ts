// T3: Tillson's six-fold smoothed EMA with volume factor, seeded exactly as TA-Lib does.
import { checkFinite, checkPeriod, runBatch, type StreamingIndicator } from './indicator.js';

/**
 * TA-Lib T3 (default period 5, volume factor 0.7; first output at index 6 × (period − 1)). Each of the
 * six EMAs is seeded with the mean of its first `period` inputs, the next EMA starting from there.
 */
export class T3MovingAverage implements StreamingIndicator {
  readonly warmUp: number;
  private readonly k: number;
  private readonly oneMinusK: number;
  private readonly c1: number;
  private readonly c2: number;
  private readonly c3: number;
  private readonly c4: number;
  private readonly e = new Float64Array(6);
  /** How many of the six EMAs are seeded, and the running seed sum and count of the next one. */
  private seeded = 0;
  private seedSum = 0;
  private seedCount = 0;
  private output = Number.NaN;

  constructor(
    readonly period = 5,
    readonly volumeFactor = 0.7,
  ) {
    checkPeriod('T3', period);
    this.warmUp = 6 * (period - 1) + 1;
    this.k = 2 / (period + 1);
    this.oneMinusK = 1 - this.k;
    // The same operations in the same order as TA-Lib, so the coefficients match to the last bit.
    const v = volumeFactor;
    const squared = v * v;
    this.c1 = -squared * v;
    this.c2 = 3 * (squared - this.c1);
    this.c3 = -6 * squared - 3 * (v - this.c1);
    this.c4 = 1 + 3 * v - this.c1 + 3 * squared;
  }

  get ready(): boolean {
    return this.seeded === 6;
  }
  get value(): number {
    return this.output;
  }

  update(value: number): number {
    checkFinite('T3', value);
    const e = this.e;
    const { k, oneMinusK } = this;
    if (this.seeded < 6) {
      if (this.seeded === 0) {
        this.seedSum += value;
        this.seedCount++;
        if (this.seedCount < this.period) return Number.NaN;
        e[0] = this.seedSum / this.period;
        this.seeded = 1;
        this.seedSum = e[0] as number;
        this.seedCount = 1;
        return Number.NaN;
      }
      // Update the seeded EMAs, then add the last one to the next EMA's seed.
      e[0] = k * value + oneMinusK * (e[0] as number);
      for (let level = 1; level < this.seeded; level++)
        e[level] = k * (e[level - 1] as number) + oneMinusK * (e[level] as number);
      this.seedSum += e[this.seeded - 1] as number;
      this.seedCount++;
      if (this.seedCount < this.period) return Number.NaN;
      e[this.seeded] = this.seedSum / this.period;
      this.seeded++;
      this.seedSum = e[this.seeded - 1] as number;
      this.seedCount = 1;
      if (this.seeded < 6) return Number.NaN;
    } else {
      e[0] = k * value + oneMinusK * (e[0] as number);
      for (let level = 1; level < 6; level++)
        e[level] = k * (e[level - 1] as number) + oneMinusK * (e[level] as number);
    }
    this.output =
      this.c1 * (e[5] as number) +
      this.c2 * (e[4] as number) +
      this.c3 * (e[3] as number) +
      this.c4 * (e[2] as number);
    return this.output;
  }

  reset(): void {
    this.e.fill(0);
    this.seeded = 0;
    this.seedSum = 0;
    this.seedCount = 0;
    this.output = Number.NaN;
  }
}

export function t3(values: ArrayLike<number>, period = 5, volumeFactor = 0.7): Float64Array {
  return runBatch(new T3MovingAverage(period, volumeFactor), values);
}
