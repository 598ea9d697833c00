// VaR and expected shortfall by historical simulation: today's positions revalued under each past day's
// (or h-day window's) returns (Jorion, "Value at Risk", 3rd ed., ch. 10.2).
import type { ReturnMatrix } from './return-matrix.js';
import {
  checkedExposures,
  checkedVarOptions,
  empiricalTail,
  type VarEstimate,
  type VarOptions,
} from './value-at-risk.js';

/**
 * Each scenario's P&L is Σᵢ vᵢ (exp(Rᵢ) - 1), with vᵢ the signed exposure and Rᵢ the asset's log return
 * over the horizon: a one-day return, or for h > 1 the sum of h consecutive daily log returns
 * (overlapping windows, so N - h + 1 scenarios), a full revaluation rather than a √h scaling.
 */
export function historicalVar(
  returns: ReturnMatrix,
  exposures: ArrayLike<number>,
  options: VarOptions,
): VarEstimate {
  const horizon = checkedVarOptions(options);
  checkedExposures(exposures, returns.assets);
  const pnl = historicalPnl(returns, exposures, horizon);
  const tail = empiricalTail(pnl, options.confidence);
  return {
    method: 'historical',
    confidence: options.confidence,
    horizonDays: horizon,
    scenarios: pnl.length,
    ...tail,
  };
}

/** The P&L of the exposures under each historical h-day scenario, oldest first. */
export function historicalPnl(
  returns: ReturnMatrix,
  exposures: ArrayLike<number>,
  horizon = 1,
): Float64Array {
  const { assets, observations, data } = returns;
  const count = observations - horizon + 1;
  if (count < 1)
    throw new RangeError(`historical VaR: ${observations} days cannot make one ${horizon}-day scenario`);
  const pnl = new Float64Array(count);
  const window = new Float64Array(assets);
  for (let t = 0; t < observations; t++) {
    for (let i = 0; i < assets; i++) window[i]! += data[t * assets + i]!;
    if (t >= horizon) for (let i = 0; i < assets; i++) window[i]! -= data[(t - horizon) * assets + i]!;
    if (t < horizon - 1) continue;
    let total = 0;
    for (let i = 0; i < assets; i++) total += exposures[i]! * Math.expm1(window[i]!);
    pnl[t - horizon + 1] = total;
  }
  return pnl;
}
