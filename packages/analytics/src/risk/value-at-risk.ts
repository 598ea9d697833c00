// The result shape of every VaR method, its input checks, and the empirical tail estimator that
// historical simulation and Monte Carlo share.

export type VarMethod = 'historical' | 'parametric' | 'monte-carlo-normal' | 'monte-carlo-student-t';

export interface VarOptions {
  /** The confidence level c, e.g. 0.99: the loss is exceeded with probability 1 - c. */
  readonly confidence: number;
  /** The horizon in days (default 1). */
  readonly horizonDays?: number;
}

/** Value at risk and expected shortfall, both as positive losses in the currency of the exposures. */
export interface VarEstimate {
  readonly method: VarMethod;
  readonly confidence: number;
  readonly horizonDays: number;
  readonly valueAtRisk: number;
  /** The mean loss beyond the VaR (CVaR, expected shortfall). */
  readonly expectedShortfall: number;
  /** How many scenarios (historical days or simulated paths) the estimate rests on; 0 for parametric. */
  readonly scenarios: number;
}

/** Checks the confidence and horizon and returns the horizon (default 1). */
export function checkedVarOptions(options: VarOptions): number {
  const { confidence } = options;
  if (!(confidence > 0.5 && confidence < 1))
    throw new RangeError(`VaR confidence must be in (0.5, 1), got ${confidence}`);
  const horizon = options.horizonDays ?? 1;
  if (!(Number.isInteger(horizon) && horizon >= 1))
    throw new RangeError(`VaR horizonDays must be a whole number of days ≥ 1, got ${horizon}`);
  return horizon;
}

/** Checks that exposures are finite and match the number of assets. */
export function checkedExposures(exposures: ArrayLike<number>, assets: number): void {
  if (exposures.length !== assets)
    throw new RangeError(`VaR: ${exposures.length} exposures for ${assets} assets`);
  for (let i = 0; i < exposures.length; i++)
    if (!Number.isFinite(exposures[i]!))
      throw new RangeError(`VaR: exposure ${i} is not finite (${exposures[i]})`);
}

/**
 * The empirical tail of a sample of profits and losses: with N scenarios and k = ⌈N(1 - c)⌉, the VaR is
 * the k-th largest loss and the expected shortfall the mean of the k largest losses (Acerbi and
 * Tasche 2002, "On the coherence of expected shortfall", the discrete estimator). Sorts `pnl` in place.
 */
export function empiricalTail(
  pnl: Float64Array,
  confidence: number,
): { valueAtRisk: number; expectedShortfall: number } {
  const count = pnl.length;
  if (count === 0) throw new RangeError('VaR: no scenarios');
  // The small epsilon keeps 100 × (1 - 0.95) = 5.000000000000004 from counting as 6 scenarios.
  const tail = Math.max(1, Math.ceil(count * (1 - confidence) - 1e-9));
  pnl.sort(); // ascending: the worst P&L (largest loss) first
  let sum = 0;
  for (let i = 0; i < tail; i++) sum += pnl[i]!;
  return { valueAtRisk: -pnl[tail - 1]!, expectedShortfall: -sum / tail };
}
