// Monte Carlo VaR and expected shortfall: correlated normal or Student-t log-return shocks through the
// Cholesky factor of the covariance, positions fully revalued on every path (Glasserman, "Monte Carlo
// Methods in Financial Engineering", 2003, ch. 9; Jorion ch. 12).
import { type RandomSource, SeededRandom } from '@ats/core';
import { choleskyFactor } from './cholesky.js';
import { NormalDraws } from './random-draws.js';
import {
  checkedExposures,
  checkedVarOptions,
  empiricalTail,
  type VarEstimate,
  type VarOptions,
} from './value-at-risk.js';

export interface MonteCarloVarOptions extends VarOptions {
  /** Number of simulated paths (default 10,000). */
  readonly paths?: number;
  /** 'normal' (default) or 'student-t' shocks. */
  readonly distribution?: 'normal' | 'student-t';
  /** Degrees of freedom of the Student-t shocks (> 2, default 5). */
  readonly degreesOfFreedom?: number;
  /** The seed of the random source (default 1), so a run is reproducible. */
  readonly seed?: number;
  /** A random source to use instead of a seeded one. */
  readonly random?: RandomSource;
}

/**
 * On each path, z ~ N(0, I) and x = √h · L z, so x ~ N(0, h Σ). Student-t paths divide x by √(W/ν)
 * with one W ~ χ²(ν) per path (a multivariate t) and multiply by √((ν - 2)/ν) so the covariance is
 * still h Σ and only the tails change. The path's P&L is Σᵢ vᵢ (exp(xᵢ) - 1).
 */
export function monteCarloVar(
  covariance: Float64Array,
  exposures: ArrayLike<number>,
  options: MonteCarloVarOptions,
): VarEstimate {
  const horizon = checkedVarOptions(options);
  const assets = Math.round(Math.sqrt(covariance.length));
  checkedExposures(exposures, assets);
  const paths = options.paths ?? 10_000;
  if (!(Number.isInteger(paths) && paths >= 100))
    throw new RangeError(`Monte Carlo VaR: paths must be a whole number ≥ 100, got ${paths}`);
  const distribution = options.distribution ?? 'normal';
  const nu = options.degreesOfFreedom ?? 5;
  if (distribution === 'student-t' && !(nu > 2))
    throw new RangeError(`Monte Carlo VaR: degreesOfFreedom must be > 2, got ${nu}`);
  const lower = choleskyFactor(covariance, assets);
  const draws = new NormalDraws(options.random ?? new SeededRandom(options.seed ?? 1));
  const pnl = new Float64Array(paths);
  const z = new Float64Array(assets);
  const value = Float64Array.from(exposures as ArrayLike<number>);
  const rootHorizon = Math.sqrt(horizon);
  const tScale = Math.sqrt((nu - 2) / nu);
  for (let path = 0; path < paths; path++) {
    draws.fill(z);
    let scale = rootHorizon;
    if (distribution === 'student-t') scale *= tScale / Math.sqrt((2 * draws.gamma(nu / 2)) / nu);
    let total = 0;
    for (let i = 0; i < assets; i++) {
      const row = i * assets;
      let shock = 0;
      for (let k = 0; k <= i; k++) shock += lower[row + k]! * z[k]!;
      total += value[i]! * Math.expm1(scale * shock);
    }
    pnl[path] = total;
  }
  return {
    method: distribution === 'normal' ? 'monte-carlo-normal' : 'monte-carlo-student-t',
    confidence: options.confidence,
    horizonDays: horizon,
    scenarios: paths,
    ...empiricalTail(pnl, options.confidence),
  };
}
