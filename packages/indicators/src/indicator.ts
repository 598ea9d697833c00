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

/**
 * Reads bar `index` of the columns into one reused object: batch functions feed streaming indicators
 * bar by bar without an object per bar (indicators copy the numbers they keep, never the bar).
 */
export function barReader(columns: OhlcvColumns): (index: number) => OhlcvBar {
  const { high, low, close, volume } = columns;
  const bar = { high: 0, low: 0, close: 0, volume: 0 };
  return (index) => {
    bar.high = high[index] as number;
    bar.low = low[index] as number;
    bar.close = close[index] as number;
    bar.volume = volume ? (volume[index] as number) : 0;
    return bar;
  };
}

/**
 * Runs a multi-output streaming indicator over inputs, collecting each named output. Up to three
 * outputs are read through fixed names per call (no loop over names, no lookup by a changing key per
 * value); more fall back to the loop.
 */
export function runBatchOutputs<Input, Names extends string>(
  indicator: { update(input: Input): number } & Record<Names, number>,
  inputs: (index: number) => Input,
  length: number,
  names: readonly Names[],
): Record<Names, Float64Array> {
  const columns = names.map(() => new Float64Array(length));
  const outputs = Object.fromEntries(names.map((name, column) => [name, columns[column]])) as Record<
    Names,
    Float64Array
  >;
  if (names.length <= 3) {
    const [first, second, third] = names as readonly (Names | undefined)[];
    const [firstColumn, secondColumn, thirdColumn] = columns;
    for (let index = 0; index < length; index++) {
      indicator.update(inputs(index));
      (firstColumn as Float64Array)[index] = indicator[first as Names];
      if (secondColumn) secondColumn[index] = indicator[second as Names];
      if (thirdColumn) thirdColumn[index] = indicator[third as Names];
    }
    return outputs;
  }
  for (let index = 0; index < length; index++) {
    indicator.update(inputs(index));
    for (let column = 0; column < names.length; column++)
      (columns[column] as Float64Array)[index] = indicator[names[column] as Names];
  }
  return outputs;
}

/** Runs a streaming indicator over `length` inputs read by index: NaN before the first valid index. */
export function runBatchOf<Input>(
  indicator: StreamingIndicator<Input>,
  length: number,
  inputs: (index: number) => Input,
): Float64Array {
  const output = new Float64Array(length);
  for (let index = 0; index < length; index++) output[index] = indicator.update(inputs(index));
  return output;
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
