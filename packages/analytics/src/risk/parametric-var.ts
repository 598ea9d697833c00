// Parametric (variance–covariance, delta-normal) VaR and expected shortfall on the RiskMetrics
// exponentially weighted covariance (RiskMetrics Technical Document 1996, §6; Jorion ch. 10.3).
import { ewmaCovariance, quadraticForm, riskMetricsLambda } from './covariance.js';
import { normalDensity, normalQuantile } from './distributions.js';
import type { ReturnMatrix } from './return-matrix.js';
import { checkedExposures, checkedVarOptions, type VarEstimate, type VarOptions } from './value-at-risk.js';

export interface ParametricVarOptions extends VarOptions {
  /** The EWMA decay (default 0.94); ignored when `covariance` is given. */
  readonly lambda?: number;
  /** A covariance matrix to use instead of estimating one (e.g. a stressed one). */
  readonly covariance?: Float64Array;
}

/**
 * With zero mean daily returns and σₚ = √(vᵀ Σ v): VaR = z_c σₚ √h and
 * ES = σₚ √h φ(z_c) / (1 - c), with z_c = Φ⁻¹(c) and φ the normal density.
 */
export function parametricVar(
  returns: ReturnMatrix,
  exposures: ArrayLike<number>,
  options: ParametricVarOptions,
): VarEstimate {
  const covariance = options.covariance ?? ewmaCovariance(returns, options.lambda ?? riskMetricsLambda);
  return parametricVarOf(covariance, exposures, options);
}

/** The same formulas on a given covariance matrix. */
export function parametricVarOf(
  covariance: Float64Array,
  exposures: ArrayLike<number>,
  options: VarOptions,
): VarEstimate {
  const horizon = checkedVarOptions(options);
  checkedExposures(exposures, Math.round(Math.sqrt(covariance.length)));
  const sigma = Math.sqrt(Math.max(0, quadraticForm(covariance, exposures)) * horizon);
  const z = normalQuantile(options.confidence);
  return {
    method: 'parametric',
    confidence: options.confidence,
    horizonDays: horizon,
    valueAtRisk: z * sigma,
    expectedShortfall: (sigma * normalDensity(z)) / (1 - options.confidence),
    scenarios: 0,
  };
}
