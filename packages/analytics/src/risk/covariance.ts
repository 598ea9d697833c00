// Covariance matrices of returns: the equally weighted sample estimate and the RiskMetrics exponentially
// weighted one (J.P. Morgan/Reuters, RiskMetrics Technical Document, 4th ed. 1996, §5.2), row-major.
import type { ReturnMatrix } from './return-matrix.js';

/** The RiskMetrics decay factor for daily data. */
export const riskMetricsLambda = 0.94;

/** The unbiased sample covariance (divisor n - 1), means removed. */
export function sampleCovariance(returns: ReturnMatrix): Float64Array {
  const { assets, observations, data } = returns;
  if (observations < 2) throw new RangeError('sampleCovariance: at least two observations are needed');
  const means = new Float64Array(assets);
  for (let t = 0; t < observations; t++) for (let i = 0; i < assets; i++) means[i]! += data[t * assets + i]!;
  for (let i = 0; i < assets; i++) means[i]! /= observations;
  const covariance = new Float64Array(assets * assets);
  for (let t = 0; t < observations; t++) {
    const row = t * assets;
    for (let i = 0; i < assets; i++) {
      const di = data[row + i]! - means[i]!;
      for (let j = i; j < assets; j++) covariance[i * assets + j]! += di * (data[row + j]! - means[j]!);
    }
  }
  return symmetrize(covariance, assets, observations - 1);
}

/**
 * The exponentially weighted covariance with zero means (RiskMetrics):
 * Σ = (1 - λ) / (1 - λᵀ) · Σₖ λᵏ rₜ₋ₖ rₜ₋ₖᵀ for k = 0..T-1, the newest observation weighted most;
 * the factor (1 - λ)/(1 - λᵀ) makes the T weights sum to 1 on a finite window.
 */
export function ewmaCovariance(returns: ReturnMatrix, lambda = riskMetricsLambda): Float64Array {
  const { assets, observations, data } = returns;
  if (!(lambda > 0 && lambda < 1))
    throw new RangeError(`ewmaCovariance: lambda must be in (0, 1), got ${lambda}`);
  if (observations < 1) throw new RangeError('ewmaCovariance: no observations');
  const covariance = new Float64Array(assets * assets);
  let weight = 1;
  for (let t = observations - 1; t >= 0; t--) {
    const row = t * assets;
    for (let i = 0; i < assets; i++) {
      const wi = weight * data[row + i]!;
      for (let j = i; j < assets; j++) covariance[i * assets + j]! += wi * data[row + j]!;
    }
    weight *= lambda;
  }
  // After the loop weight = λᵀ.
  return symmetrize(covariance, assets, (1 - weight) / (1 - lambda));
}

/** Copies the upper triangle to the lower one and divides by `divisor`. */
function symmetrize(matrix: Float64Array, size: number, divisor: number): Float64Array {
  for (let i = 0; i < size; i++) {
    for (let j = i; j < size; j++) {
      const value = matrix[i * size + j]! / divisor;
      matrix[i * size + j] = value;
      matrix[j * size + i] = value;
    }
  }
  return matrix;
}

/** The portfolio variance wᵀ Σ w of exposures `weights` (currency or fractions). */
export function quadraticForm(covariance: Float64Array, weights: ArrayLike<number>): number {
  const size = weights.length;
  let total = 0;
  for (let i = 0; i < size; i++) {
    let row = 0;
    for (let j = 0; j < size; j++) row += covariance[i * size + j]! * weights[j]!;
    total += weights[i]! * row;
  }
  return total;
}
