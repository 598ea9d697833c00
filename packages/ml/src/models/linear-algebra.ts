// Solves small dense linear systems (the normal equations of the linear baselines) by Gaussian elimination.

/** Solves A x = b for a square matrix given row-major; throws when A is singular. */
export function solveLinearSystem(matrix: Float64Array, vector: Float64Array, size: number): Float64Array {
  const a = Float64Array.from(matrix);
  const b = Float64Array.from(vector);
  for (let pivot = 0; pivot < size; pivot++) {
    let best = pivot;
    for (let row = pivot + 1; row < size; row++) {
      if (Math.abs(a[row * size + pivot] as number) > Math.abs(a[best * size + pivot] as number)) best = row;
    }
    const pivotValue = a[best * size + pivot] as number;
    if (Math.abs(pivotValue) < 1e-14) throw new RangeError('linear system: the matrix is singular');
    if (best !== pivot) {
      for (let column = 0; column < size; column++) {
        const swap = a[pivot * size + column] as number;
        a[pivot * size + column] = a[best * size + column] as number;
        a[best * size + column] = swap;
      }
      const swap = b[pivot] as number;
      b[pivot] = b[best] as number;
      b[best] = swap;
    }
    for (let row = pivot + 1; row < size; row++) {
      const factor = (a[row * size + pivot] as number) / pivotValue;
      if (factor === 0) continue;
      for (let column = pivot; column < size; column++) {
        a[row * size + column] =
          (a[row * size + column] as number) - factor * (a[pivot * size + column] as number);
      }
      b[row] = (b[row] as number) - factor * (b[pivot] as number);
    }
  }
  const x = new Float64Array(size);
  for (let row = size - 1; row >= 0; row--) {
    let sum = b[row] as number;
    for (let column = row + 1; column < size; column++)
      sum -= (a[row * size + column] as number) * (x[column] as number);
    x[row] = sum / (a[row * size + row] as number);
  }
  return x;
}
