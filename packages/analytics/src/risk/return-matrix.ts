// Aligned asset returns as one row-major matrix (observation × asset), built from price series.

/** Log returns of several assets over the same dates: `data[t * assets + i]` is asset i's return on day t. */
export interface ReturnMatrix {
  readonly assets: number;
  readonly observations: number;
  readonly data: Float64Array;
}

/**
 * Log returns ln(Pₜ / Pₜ₋₁) of price series that share their dates (same length, same order).
 * A price that is not a positive finite number is refused, naming the asset and index.
 */
export function logReturnMatrix(prices: readonly ArrayLike<number>[]): ReturnMatrix {
  const assets = prices.length;
  if (assets === 0) throw new RangeError('logReturnMatrix: no price series');
  const length = prices[0]!.length;
  for (let i = 0; i < assets; i++) {
    const series = prices[i]!;
    if (series.length !== length)
      throw new RangeError(
        `logReturnMatrix: series ${i} has ${series.length} prices, series 0 has ${length}`,
      );
    for (let t = 0; t < length; t++) {
      const price = series[t]!;
      if (!(Number.isFinite(price) && price > 0))
        throw new RangeError(`logReturnMatrix: series ${i} price ${t} is not a positive number (${price})`);
    }
  }
  if (length < 2) throw new RangeError('logReturnMatrix: at least two prices are needed for one return');
  const observations = length - 1;
  const data = new Float64Array(observations * assets);
  for (let t = 0; t < observations; t++) {
    for (let i = 0; i < assets; i++) {
      const series = prices[i]!;
      data[t * assets + i] = Math.log(series[t + 1]! / series[t]!);
    }
  }
  return { assets, observations, data };
}

/** The rows [from, to) of a return matrix (a window of days). */
export function returnWindow(matrix: ReturnMatrix, from: number, to: number): ReturnMatrix {
  if (from < 0 || to > matrix.observations || from >= to)
    throw new RangeError(`returnWindow: [${from}, ${to}) is outside 0..${matrix.observations}`);
  return {
    assets: matrix.assets,
    observations: to - from,
    data: matrix.data.subarray(from * matrix.assets, to * matrix.assets),
  };
}
