// What every streaming indicator offers: update in O(1), a readiness flag, its warm-up, and reset.

export interface StreamingIndicator<Input = number> {
  /** Bars or values needed before the first output (TA-Lib's lookback + 1). */
  readonly warmUp: number;
  /** True once the indicator has an output. */
  readonly ready: boolean;
  /** Feeds one input; returns the output (NaN until ready). */
  update(input: Input): number;
  /** Forgets everything, as if newly built. */
  reset(): void;
}

/** Throws a RangeError naming the indicator when an input is NaN or infinite (state stays untouched). */
export function checkFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name}: input ${value} is not a finite number`);
}

export function checkPeriod(name: string, period: number, minimum = 1): void {
  if (!Number.isInteger(period) || period < minimum) {
    throw new RangeError(`${name}: period ${period} must be an integer of at least ${minimum}`);
  }
}

/** Runs a streaming indicator over an array: NaN before the first valid index, like TA-Lib's output offset. */
export function runBatch<Input>(
  indicator: StreamingIndicator<Input>,
  inputs: ArrayLike<Input>,
): Float64Array {
  const output = new Float64Array(inputs.length);
  for (let index = 0; index < inputs.length; index++)
    output[index] = indicator.update(inputs[index] as Input);
  return output;
}
