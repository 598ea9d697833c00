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

/** The bar fields indicators read. */
export interface OhlcvBar {
  readonly open?: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume?: number;
}

/** TA-Lib's test for "zero": |v| < 1e-8. */
export function isZero(value: number): boolean {
  return value > -0.00000001 && value < 0.00000001;
}

/** Checks every price of a bar, naming the indicator and the field. */
export function checkBar(name: string, bar: OhlcvBar): void {
  if (!Number.isFinite(bar.high) || !Number.isFinite(bar.low) || !Number.isFinite(bar.close)) {
    throw new RangeError(
      `${name}: bar high ${bar.high}, low ${bar.low}, close ${bar.close} has a value that is not finite`,
    );
  }
}

/** Columns of bars as arrays, for batch functions. */
export interface OhlcvColumns {
  readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>;
  readonly close: ArrayLike<number>;
  readonly volume?: ArrayLike<number>;
}

export function barAt(columns: OhlcvColumns, index: number): OhlcvBar {
  return {
    high: columns.high[index] as number,
    low: columns.low[index] as number,
    close: columns.close[index] as number,
    volume: columns.volume ? (columns.volume[index] as number) : 0,
  };
}

/** Runs a multi-output streaming indicator over bars, collecting each named output. */
export function runBatchOutputs<Input, Names extends string>(
  indicator: { update(input: Input): number } & Record<Names, number>,
  inputs: (index: number) => Input,
  length: number,
  names: readonly Names[],
): Record<Names, Float64Array> {
  const outputs = Object.fromEntries(names.map((name) => [name, new Float64Array(length)])) as Record<
    Names,
    Float64Array
  >;
  for (let index = 0; index < length; index++) {
    indicator.update(inputs(index));
    for (const name of names) outputs[name][index] = indicator[name];
  }
  return outputs;
}

/** Throws a RangeError naming the indicator when an input is NaN or infinite (state stays untouched). */
export function checkFinite(name: string, value: number): void {
  // x − x is 0 for every finite number and NaN for NaN and ±Infinity: one subtraction on the hot path.
  if (value - value !== 0) throw new RangeError(`${name}: input ${value} is not a finite number`);
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
