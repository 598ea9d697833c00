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
  const window = Math.min(250, Math.max(20, Math.floor(equity.length / 4)));
  if (equity.length <= window)
    return { confidence, window, values: Array.from({ length: equity.length }, () => null) };
  const computed = rollingHistoricalVar(equity, window, confidence);
  let values: (number | null)[] | undefined;
  return {
    confidence,
    window,
    // The list (null for no value) is built on first read; enumerable, so JSON carries it.
    get values() {
      values ??= Array.from(computed, (value) => (Number.isNaN(value) ? null : value));
      return values;
    },
  };
}
