// MACD: fast EMA − slow EMA, its signal EMA and the histogram, aligned the way TA-Lib aligns them.
import { ExponentialMovingAverage } from './exponential-moving-average.js';
import { checkFinite, checkPeriod } from './indicator.js';

/**
 * TA-Lib MACD (12, 26, 9; first output at index slow − 1 + signal − 1). As in TA-Lib, the fast EMA
 * starts (slow − fast) bars late, so both EMAs are seeded on windows ending at the same bar.
 */
export class MovingAverageConvergenceDivergence {
  readonly warmUp: number;
  private readonly fastEma: ExponentialMovingAverage;
  private readonly slowEma: ExponentialMovingAverage;
  private readonly signalEma: ExponentialMovingAverage;
  private readonly fastDelay: number;
  private count = 0;
  macd = Number.NaN;
  signal = Number.NaN;
  histogram = Number.NaN;

  constructor(
    readonly fastPeriod = 12,
    readonly slowPeriod = 26,
    readonly signalPeriod = 9,
  ) {
    checkPeriod('MACD fast', fastPeriod, 2);
    checkPeriod('MACD slow', slowPeriod, 2);
    checkPeriod('MACD signal', signalPeriod, 1);
    // TA-Lib swaps the periods when fast is the longer one.
    if (slowPeriod < fastPeriod) [this.fastPeriod, this.slowPeriod] = [slowPeriod, fastPeriod];
    this.fastEma = new ExponentialMovingAverage(this.fastPeriod);
    this.slowEma = new ExponentialMovingAverage(this.slowPeriod);
    this.signalEma = new ExponentialMovingAverage(signalPeriod);
    this.fastDelay = this.slowPeriod - this.fastPeriod;
    this.warmUp = this.slowPeriod + signalPeriod - 1;
  }

  get ready(): boolean {
    return this.signalEma.ready;
  }
  get value(): number {
    return this.macd;
  }

  update(value: number): number {
    checkFinite('MACD', value);
    this.count++;
    const slow = this.slowEma.update(value);
    const fast = this.count > this.fastDelay ? this.fastEma.update(value) : Number.NaN;
    if (!this.slowEma.ready) return Number.NaN;
    const line = fast - slow;
    const signal = this.signalEma.update(line);
    if (!this.signalEma.ready) return Number.NaN;
    this.macd = line;
    this.signal = signal;
    this.histogram = line - signal;
    return this.macd;
  }

  reset(): void {
    this.fastEma.reset();
    this.slowEma.reset();
    this.signalEma.reset();
    this.count = 0;
    this.macd = Number.NaN;
    this.signal = Number.NaN;
    this.histogram = Number.NaN;
  }
}

/** MACD over an array: the streaming class in its own loop, its three outputs read by name directly. */
export function macd(values: ArrayLike<number>, fastPeriod = 12, slowPeriod = 26, signalPeriod = 9) {
  const indicator = new MovingAverageConvergenceDivergence(fastPeriod, slowPeriod, signalPeriod);
  const length = values.length;
  const line = new Float64Array(length);
  const signal = new Float64Array(length);
  const histogram = new Float64Array(length);
  // Built before the loop: code after a loop that V8 compiled mid-run (on-stack replacement) has no
  // type feedback yet, and an object made there sent every call back to the interpreter.
  const outputs = { macd: line, signal, histogram };
  for (let index = 0; index < length; index++) {
    indicator.update(values[index] as number);
    line[index] = indicator.macd;
    signal[index] = indicator.signal;
    histogram[index] = indicator.histogram;
  }
  return outputs;
}
