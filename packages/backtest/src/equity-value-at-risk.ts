// VaR over time for a backtest: the one-bar 99% historical VaR of the equity over a rolling window of
// the curve's own returns (250 bars, or a quarter of a shorter curve but at least 20).
import { rollingHistoricalVar } from '@ats/analytics';

export interface EquityValueAtRisk {
  readonly confidence: number;
  /** Bars in the rolling window. */
  readonly window: number;
  /** VaR at each point of the equity curve, in the account currency; null before a full window. */
  readonly values: readonly (number | null)[];
}

export function equityValueAtRisk(equity: ArrayLike<number>, confidence = 0.99): EquityValueAtRisk {
  return equityValueAtRiskOf(() => equity, equity.length, confidence);
}

/**
 * The same over a curve of `length` points read when the values are first read (`read` may refuse: a
 * released backtest result's curve is gone).
 */
export function equityValueAtRiskOf(
  read: () => ArrayLike<number>,
  length: number,
  confidence = 0.99,
): EquityValueAtRisk {
  const window = Math.min(250, Math.max(20, Math.floor(length / 4)));
  if (length <= window) return { confidence, window, values: Array.from({ length }, () => null) };
  // The values are computed on first read, with the list (null for no value): the report and the JSON
  // read them, a printed summary does not (its slide over the curve was a twentieth of a warm ORCL run,
  // and 12 ms of `ats backtest`'s cold one). An enumerable accessor, so JSON and structured clones
  // carry them; the same function for every result (see result-rows.ts: a getter made per result gave
  // each result a hidden class of its own, whose pointers kept the finished run through young
  // collections). The curve is the run's own column, written no more once the run is over.
  const valueAtRisk = { confidence, window } as EquityValueAtRisk;
  Object.defineProperty(valueAtRisk, lazyKey, { value: new LazyValues(read, window, confidence) });
  Object.defineProperty(valueAtRisk, 'values', valuesAccessor);
  return valueAtRisk;
}

/** The rolling VaR of a curve, slid over it at the first read. */
class LazyValues {
  private values: (number | null)[] | undefined = undefined;

  constructor(
    private readonly read: () => ArrayLike<number>,
    private readonly window: number,
    private readonly confidence: number,
  ) {}

  get(): (number | null)[] {
    this.values ??= Array.from(rollingHistoricalVar(this.read(), this.window, this.confidence), (value) =>
      Number.isNaN(value) ? null : value,
    );
    return this.values;
  }
}

const lazyKey = Symbol('equity value at risk values');
const valuesAccessor: PropertyDescriptor = { get: readValues, enumerable: true, configurable: true };

function readValues(this: object): (number | null)[] {
  return ((this as Record<symbol, LazyValues>)[lazyKey] as LazyValues).get();
}
