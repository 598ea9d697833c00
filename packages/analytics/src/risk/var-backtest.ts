// VaR backtesting: Kupiec's proportion-of-failures test (1995, "Techniques for verifying the accuracy of
// risk measurement models") and Christoffersen's independence and conditional-coverage tests (1998,
// "Evaluating interval forecasts"), likelihood ratios with their chi-square p-values.
import { chiSquarePValue } from './distributions.js';

export interface VarObservation {
  /** The VaR reported for the day, as a positive loss. */
  readonly valueAtRisk: number;
  /** The day's realized P&L (a loss is negative). */
  readonly pnl: number;
}

export interface LikelihoodRatioTest {
  readonly statistic: number;
  readonly degreesOfFreedom: number;
  readonly pValue: number;
  /** True when the p-value is at least the significance level: the model is not rejected. */
  readonly accepted: boolean;
}

export interface VarBacktest {
  readonly observations: number;
  readonly exceptions: number;
  readonly expectedExceptions: number;
  readonly exceptionRate: number;
  readonly kupiec: LikelihoodRatioTest;
  readonly christoffersen: LikelihoodRatioTest;
  /** Kupiec plus Christoffersen: LR_cc = LR_pof + LR_ind, two degrees of freedom. */
  readonly conditionalCoverage: LikelihoodRatioTest;
}

/** x·ln(y), with 0·ln(0) = 0 (the limit), as the likelihoods need. */
function xLogY(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(y);
}

/** The exception sequence: 1 where the loss exceeded the VaR (pnl < -VaR). */
export function exceptionsOf(history: readonly VarObservation[]): Uint8Array {
  const hits = new Uint8Array(history.length);
  history.forEach((day, index) => {
    if (!Number.isFinite(day.valueAtRisk) || !Number.isFinite(day.pnl))
      throw new RangeError(
        `VaR backtest: observation ${index} is not finite (VaR ${day.valueAtRisk}, P&L ${day.pnl})`,
      );
    hits[index] = day.pnl < -day.valueAtRisk ? 1 : 0;
  });
  return hits;
}

/**
 * Kupiec: with T days, x exceptions and p = 1 - c,
 * LR_pof = -2 ln[(1-p)^(T-x) p^x] + 2 ln[(1-x/T)^(T-x) (x/T)^x] ~ χ²(1).
 */
export function kupiecTest(
  observations: number,
  exceptions: number,
  confidence: number,
  significance = 0.05,
): LikelihoodRatioTest {
  if (!(Number.isInteger(observations) && observations > 0))
    throw new RangeError(`Kupiec: observations must be a positive whole number, got ${observations}`);
  if (!(Number.isInteger(exceptions) && exceptions >= 0 && exceptions <= observations))
    throw new RangeError(
      `Kupiec: exceptions must be a whole number in 0..${observations}, got ${exceptions}`,
    );
  const p = 1 - confidence;
  const rate = exceptions / observations;
  const nulls = xLogY(observations - exceptions, 1 - p) + xLogY(exceptions, p);
  const fitted = xLogY(observations - exceptions, 1 - rate) + xLogY(exceptions, rate);
  return ratioTest(-2 * (nulls - fitted), 1, significance);
}

/**
 * Christoffersen independence: with nᵢⱼ the count of days in state i followed by state j (1 = exception),
 * π₀ = n₀₁/(n₀₀+n₀₁), π₁ = n₁₁/(n₁₀+n₁₁), π = (n₀₁+n₁₁)/(n₀₀+n₀₁+n₁₀+n₁₁):
 * LR_ind = -2 ln[(1-π)^(n₀₀+n₁₀) π^(n₀₁+n₁₁)] + 2 ln[(1-π₀)^n₀₀ π₀^n₀₁ (1-π₁)^n₁₀ π₁^n₁₁] ~ χ²(1).
 */
export function christoffersenTest(hits: Uint8Array, significance = 0.05): LikelihoodRatioTest {
  let n00 = 0;
  let n01 = 0;
  let n10 = 0;
  let n11 = 0;
  for (let t = 1; t < hits.length; t++) {
    const from = hits[t - 1];
    const to = hits[t];
    if (from === 0) to === 0 ? n00++ : n01++;
    else to === 0 ? n10++ : n11++;
  }
  const pi0 = n00 + n01 === 0 ? 0 : n01 / (n00 + n01);
  const pi1 = n10 + n11 === 0 ? 0 : n11 / (n10 + n11);
  const transitions = n00 + n01 + n10 + n11;
  const pi = transitions === 0 ? 0 : (n01 + n11) / transitions;
  const restricted = xLogY(n00 + n10, 1 - pi) + xLogY(n01 + n11, pi);
  const unrestricted = xLogY(n00, 1 - pi0) + xLogY(n01, pi0) + xLogY(n10, 1 - pi1) + xLogY(n11, pi1);
  return ratioTest(-2 * (restricted - unrestricted), 1, significance);
}

/** Both tests on a history of daily VaR and P&L, oldest first. */
export function backtestVar(
  history: readonly VarObservation[],
  confidence: number,
  significance = 0.05,
): VarBacktest {
  if (history.length === 0) throw new RangeError('VaR backtest: the history is empty');
  const hits = exceptionsOf(history);
  let exceptions = 0;
  for (const hit of hits) exceptions += hit;
  const kupiec = kupiecTest(history.length, exceptions, confidence, significance);
  const christoffersen = christoffersenTest(hits, significance);
  return {
    observations: history.length,
    exceptions,
    expectedExceptions: history.length * (1 - confidence),
    exceptionRate: exceptions / history.length,
    kupiec,
    christoffersen,
    conditionalCoverage: ratioTest(kupiec.statistic + christoffersen.statistic, 2, significance),
  };
}

function ratioTest(statistic: number, degreesOfFreedom: number, significance: number): LikelihoodRatioTest {
  // Rounding can leave a tiny negative statistic where the fit is exact.
  const value = Math.max(0, statistic);
  const pValue = chiSquarePValue(value, degreesOfFreedom);
  return { statistic: value, degreesOfFreedom, pValue, accepted: pValue >= significance };
}
