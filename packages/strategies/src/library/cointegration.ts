// The Engle-Granger cointegration test: regress y on x by least squares, then an augmented
// Dickey-Fuller test (one lag, no constant) on the residuals, against MacKinnon's critical values.

export interface LinearFit {
  readonly intercept: number;
  readonly slope: number;
  readonly residuals: Float64Array;
}

/** Ordinary least squares of y = intercept + slope × x. */
export function leastSquares(y: ArrayLike<number>, x: ArrayLike<number>): LinearFit {
  const n = y.length;
  if (n !== x.length || n < 3)
    throw new RangeError(`least squares: need two series of equal length >= 3, got ${n} and ${x.length}`);
  let meanX = 0;
  let meanY = 0;
  for (let index = 0; index < n; index++) {
    meanX += x[index] as number;
    meanY += y[index] as number;
  }
  meanX /= n;
  meanY /= n;
  let covariance = 0;
  let variance = 0;
  for (let index = 0; index < n; index++) {
    const dx = (x[index] as number) - meanX;
    covariance += dx * ((y[index] as number) - meanY);
    variance += dx * dx;
  }
  const slope = variance === 0 ? 0 : covariance / variance;
  const intercept = meanY - slope * meanX;
  const residuals = new Float64Array(n);
  for (let index = 0; index < n; index++)
    residuals[index] = (y[index] as number) - intercept - slope * (x[index] as number);
  return { intercept, slope, residuals };
}

/**
 * ADF t-statistic of Δe_t = γ e_{t−1} + δ Δe_{t−1} + ε_t (no constant: the residuals of a
 * regression with an intercept have mean zero). Very negative means stationary.
 */
export function augmentedDickeyFuller(series: ArrayLike<number>): number {
  const n = series.length;
  if (n < 10) throw new RangeError(`ADF: need at least 10 points, got ${n}`);
  // Rows t = 2..n−1: dependent Δe_t, regressors e_{t−1} and Δe_{t−1}.
  let s11 = 0;
  let s12 = 0;
  let s22 = 0;
  let s1y = 0;
  let s2y = 0;
  const rows = n - 2;
  const at = (index: number) => series[index] as number;
  for (let t = 2; t < n; t++) {
    const dependent = at(t) - at(t - 1);
    const level = at(t - 1);
    const lagged = at(t - 1) - at(t - 2);
    s11 += level * level;
    s12 += level * lagged;
    s22 += lagged * lagged;
    s1y += level * dependent;
    s2y += lagged * dependent;
  }
  const determinant = s11 * s22 - s12 * s12;
  if (determinant <= 0) return 0;
  const gamma = (s22 * s1y - s12 * s2y) / determinant;
  const delta = (s11 * s2y - s12 * s1y) / determinant;
  let squaredErrors = 0;
  for (let t = 2; t < n; t++) {
    const error = at(t) - at(t - 1) - gamma * at(t - 1) - delta * (at(t - 1) - at(t - 2));
    squaredErrors += error * error;
  }
  const sigma2 = squaredErrors / (rows - 2);
  const standardError = Math.sqrt((sigma2 * s22) / determinant);
  return standardError === 0 ? 0 : gamma / standardError;
}

/**
 * MacKinnon (2010) critical value of the Engle-Granger test with two variables and a constant:
 * τ(n) = β∞ + β1/n + β2/n² (1%: −3.89644, −10.9519, −22.527; 5%: −3.33613, −6.1101, −6.823;
 * 10%: −3.04445, −4.2412, −2.720).
 */
export function engleGrangerCriticalValue(observations: number, level: 0.01 | 0.05 | 0.1 = 0.05): number {
  const [infinity, first, second] =
    level === 0.01
      ? [-3.89644, -10.9519, -22.527]
      : level === 0.05
        ? [-3.33613, -6.1101, -6.823]
        : [-3.04445, -4.2412, -2.72];
  return infinity + first / observations + second / observations ** 2;
}

export interface EngleGrangerResult extends LinearFit {
  readonly statistic: number;
  readonly criticalValue: number;
  readonly cointegrated: boolean;
}

/** Engle-Granger on y and x (use log prices): the hedge ratio is the slope. */
export function engleGranger(
  y: ArrayLike<number>,
  x: ArrayLike<number>,
  level: 0.01 | 0.05 | 0.1 = 0.05,
): EngleGrangerResult {
  const fit = leastSquares(y, x);
  const statistic = augmentedDickeyFuller(fit.residuals);
  const criticalValue = engleGrangerCriticalValue(y.length, level);
  return { ...fit, statistic, criticalValue, cointegrated: statistic < criticalValue };
}
