// Equal-risk-contribution (risk parity) weights, solved by Newton's method on Spinu's convex formulation
// (F. Spinu 2013, "An algorithm for computing risk parity weights"; Maillard, Roncalli and Teïletche 2010).

export interface RiskParityResult {
  /** Long-only weights summing to 1. */
  readonly weights: Float64Array;
  /** Each asset's share of the portfolio variance, wᵢ(Σw)ᵢ / wᵀΣw (all equal to the budgets at the solution). */
  readonly riskContributions: Float64Array;
  readonly iterations: number;
}

/**
 * Minimizes f(y) = ½ yᵀΣy - Σᵢ bᵢ ln yᵢ over y > 0: its gradient Σy - b/y vanishes exactly where every
 * yᵢ(Σy)ᵢ = bᵢ, so w = y / Σy has risk contributions in the proportions b. f is strictly convex
 * (Hessian Σ + diag(b/y²)), so Newton's steps, halved to stay positive, converge from y = 1/√(diag Σ).
 */
export function riskParityWeights(
  covariance: Float64Array,
  budgets?: ArrayLike<number>,
  tolerance = 1e-12,
): RiskParityResult {
  const size = Math.round(Math.sqrt(covariance.length));
  if (size * size !== covariance.length || size === 0)
    throw new RangeError('riskParityWeights: covariance must be a non-empty square matrix');
  const b = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const variance = covariance[i * size + i]!;
    if (!(variance > 0))
      throw new RangeError(`riskParityWeights: asset ${i} has no positive variance (${variance})`);
    b[i] = budgets ? budgets[i]! : 1 / size;
    if (!(b[i]! > 0)) throw new RangeError(`riskParityWeights: budget ${i} must be positive`);
  }
  const y = new Float64Array(size);
  for (let i = 0; i < size; i++) y[i] = 1 / Math.sqrt(covariance[i * size + i]!);
  const gradient = new Float64Array(size);
  const hessian = new Float64Array(size * size);
  const step = new Float64Array(size);
  let iterations = 0;
  for (; iterations < 100; iterations++) {
    let norm = 0;
    for (let i = 0; i < size; i++) {
      let row = 0;
      for (let j = 0; j < size; j++) {
        row += covariance[i * size + j]! * y[j]!;
        hessian[i * size + j] = covariance[i * size + j]!;
      }
      gradient[i] = row - b[i]! / y[i]!;
      hessian[i * size + i]! += b[i]! / (y[i]! * y[i]!);
      norm = Math.max(norm, Math.abs(gradient[i]!) * y[i]!);
    }
    if (norm < tolerance) break;
    solve(hessian, gradient, step, size);
    let fraction = 1;
    // Halve the step until every y stays positive.
    for (let i = 0; i < size; i++) while (y[i]! - fraction * step[i]! <= 0) fraction /= 2;
    for (let i = 0; i < size; i++) y[i]! -= fraction * step[i]!;
  }
  let total = 0;
  for (let i = 0; i < size; i++) total += y[i]!;
  const weights = y.map((value) => value / total);
  return { weights, riskContributions: riskContributions(covariance, weights), iterations };
}

/** wᵢ(Σw)ᵢ / wᵀΣw for each asset. */
export function riskContributions(covariance: Float64Array, weights: ArrayLike<number>): Float64Array {
  const size = weights.length;
  const contributions = new Float64Array(size);
  let variance = 0;
  for (let i = 0; i < size; i++) {
    let row = 0;
    for (let j = 0; j < size; j++) row += covariance[i * size + j]! * weights[j]!;
    contributions[i] = weights[i]! * row;
    variance += contributions[i]!;
  }
  for (let i = 0; i < size; i++) contributions[i]! /= variance;
  return contributions;
}

/** Solves A x = r by Gaussian elimination with partial pivoting (A and r are copied, not changed). */
function solve(matrix: Float64Array, right: Float64Array, result: Float64Array, size: number): void {
  const a = Float64Array.from(matrix);
  const r = Float64Array.from(right);
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let row = col + 1; row < size; row++)
      if (Math.abs(a[row * size + col]!) > Math.abs(a[pivot * size + col]!)) pivot = row;
    if (pivot !== col) {
      for (let k = 0; k < size; k++) {
        const swap = a[col * size + k]!;
        a[col * size + k] = a[pivot * size + k]!;
        a[pivot * size + k] = swap;
      }
      const swap = r[col]!;
      r[col] = r[pivot]!;
      r[pivot] = swap;
    }
    for (let row = col + 1; row < size; row++) {
      const factor = a[row * size + col]! / a[col * size + col]!;
      for (let k = col; k < size; k++) a[row * size + k]! -= factor * a[col * size + k]!;
      r[row]! -= factor * r[col]!;
    }
  }
  for (let row = size - 1; row >= 0; row--) {
    let sum = r[row]!;
    for (let k = row + 1; k < size; k++) sum -= a[row * size + k]! * result[k]!;
    result[row] = sum / a[row * size + row]!;
  }
}
