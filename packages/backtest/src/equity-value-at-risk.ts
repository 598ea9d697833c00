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
  let values: (number | null)[] | undefined;
  return {
    confidence,
    window,
    // Computed on first read, with the list (null for no value): the report and the JSON read it, a
    // printed summary does not (its slide over the curve was a twentieth of a warm ORCL run, and 12 ms of
    // `ats backtest`'s cold one). Enumerable, so JSON and structured clones carry it. The curve is the
    // run's own column, written no more once the run is over.
    get values() {
      values ??= Array.from(rollingHistoricalVar(read(), window, confidence), (value) =>
        Number.isNaN(value) ? null : value,
      );
      return values;
    },
  };
}
