// PPO: (fast MA − slow MA) / slow MA × 100, with TA-Lib's default simple moving averages.
import { checkFinite, checkPeriod, isZero, runBatch, type StreamingIndicator } from './indicator.js';
import { SimpleMovingAverage } from './simple-moving-average.js';

/** TA-Lib PPO (12, 26, SMA; first output at index slow − 1). 0 when the slow average is zero. */
export class PercentagePriceOscillator implements StreamingIndicator {
  readonly warmUp: number;
  private readonly fast: SimpleMovingAverage;
  private readonly slow: SimpleMovingAverage;
  private output = Number.NaN;

  constructor(
    readonly fastPeriod = 12,
    readonly slowPeriod = 26,
  ) {
    checkPeriod('PPO fast', fastPeriod, 2);
    checkPeriod('PPO slow', slowPeriod, 2);
    const [short, long] = fastPeriod <= slowPeriod ? [fastPeriod, slowPeriod] : [slowPeriod, fastPeriod];
    this.fast = new SimpleMovingAverage(short);
    this.slow = new SimpleMovingAverage(long);
    this.warmUp = long;
  }

  get ready(): boolean {
    return this.slow.ready;
  }
  get value(): number {
    return this.output;
  }

  update(value: number): number {
    checkFinite('PPO', value);
    const fast = this.fast.update(value);
    const slow = this.slow.update(value);
    if (!this.slow.ready) return Number.NaN;
    this.output = isZero(slow) ? 0 : ((fast - slow) / slow) * 100;
    return this.output;
  }

  reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.output = Number.NaN;
  }
}

export function ppo(values: ArrayLike<number>, fastPeriod = 12, slowPeriod = 26): Float64Array {
  return runBatch(new PercentagePriceOscillator(fastPeriod, slowPeriod), values);
}
