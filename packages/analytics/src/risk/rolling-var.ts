// VaR over time from an equity curve: at each point, the historical-simulation VaR of the current
// equity under the simple returns of the preceding window (what a backtest report charts).
import { empiricalTail } from './value-at-risk.js';

/**
 * For each point t ≥ window: returns rₛ = Eₛ/Eₛ₋₁ - 1 for s in (t - window, t], scenario P&L Eₜ·rₛ,
 * VaR = the k-th largest loss with k = ⌈window (1 - c)⌉ (as historicalVar). NaN before a full window
 * and where the equity is not positive (no return to take).
 */
export function rollingHistoricalVar(
  equity: ArrayLike<number>,
  window: number,
  confidence: number,
): Float64Array {
  if (!(Number.isInteger(window) && window >= 2))
    throw new RangeError(`rolling VaR window must be a whole number ≥ 2, got ${window}`);
  if (!(confidence > 0.5 && confidence < 1))
    throw new RangeError(`rolling VaR confidence must be in (0.5, 1), got ${confidence}`);
  const result = new Float64Array(equity.length).fill(Number.NaN);
  const returns = new Float64Array(equity.length);
  for (let t = 1; t < equity.length; t++) {
    const previous = equity[t - 1]!;
    returns[t] = previous > 0 ? equity[t]! / previous - 1 : Number.NaN;
  }
  const scenarios = new Float64Array(window);
  for (let t = window; t < equity.length; t++) {
    const current = equity[t]!;
    if (!(current > 0)) continue;
    let usable = true;
    for (let s = 0; s < window; s++) {
      const value = returns[t - window + 1 + s]!;
      if (Number.isNaN(value)) {
        usable = false;
        break;
      }
      scenarios[s] = current * value;
    }
    if (usable) result[t] = empiricalTail(scenarios, confidence).valueAtRisk;
  }
  return result;
}
