// The Cholesky factor L of a covariance matrix (Σ = L Lᵀ), used to correlate Monte Carlo shocks.

/**
 * The lower-triangular L with Σ = L Lᵀ (row-major), by the Cholesky–Banachiewicz recurrence.
 * A positive semi-definite Σ (a constant or duplicated asset) gets a zero column rather than an error;
 * a matrix with a clearly negative pivot is not a covariance and is refused.
 */
export function choleskyFactor(matrix: Float64Array, size: number): Float64Array {
  if (matrix.length !== size * size)
    throw new RangeError(`choleskyFactor: expected ${size}×${size} values, got ${matrix.length}`);
  const lower = new Float64Array(size * size);
  let scale = 0;
  for (let i = 0; i < size; i++) scale = Math.max(scale, Math.abs(matrix[i * size + i]!));
  const tolerance = scale * 1e-12;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * size + j]!;
      for (let k = 0; k < j; k++) sum -= lower[i * size + k]! * lower[j * size + k]!;
      if (i === j) {
        if (sum < -tolerance)
          throw new RangeError(`choleskyFactor: matrix is not positive semi-definite (pivot ${i} is ${sum})`);
        lower[i * size + i] = sum > tolerance ? Math.sqrt(sum) : 0;
      } else {
        const pivot = lower[j * size + j]!;
        lower[i * size + j] = pivot === 0 ? 0 : sum / pivot;
      }
    }
  }
  return lower;
}
