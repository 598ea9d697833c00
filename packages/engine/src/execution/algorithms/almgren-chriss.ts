// The Almgren–Chriss optimal execution trajectory (Implementation Shortfall), with its expected cost
// and variance. Source: R. Almgren and N. Chriss, "Optimal execution of portfolio transactions",
// Journal of Risk 3(2), 2000, pp. 5–39, section 3 (discrete trading, linear impact). Formulas are in
// docs/execution-algorithms.md.

export interface AlmgrenChrissInput {
  /** Shares to trade X. */
  readonly quantity: number;
  /** Trading intervals N. */
  readonly slices: number;
  /** Horizon T, in days (sessions). */
  readonly horizonDays: number;
  /** σ: volatility of the price, price units per sqrt(day). */
  readonly volatility: number;
  /** λ: risk aversion. */
  readonly riskAversion: number;
  /** η: temporary impact, price per (share per day). */
  readonly temporaryImpact: number;
  /** γ: permanent impact, price per share. */
  readonly permanentImpact: number;
}

export interface AlmgrenChrissTrajectory {
  /** Holdings still to trade at t_j = j·τ, j = 0..N (x_0 = X, x_N = 0). */
  readonly holdings: readonly number[];
  /** κ, the urgency of the trajectory (1/day); 1/κ is its half-life scale. */
  readonly kappa: number;
  /** E[shortfall] = ½γX² + (η̃/τ)Σn_j², in price units × shares. */
  readonly expectedCost: number;
  /** V[shortfall] = σ²τΣx_j². */
  readonly variance: number;
}

/**
 * τ = T/N, η̃ = η − ½γτ (must stay positive), κ̃² = λσ²/η̃, and κ solves (2/τ²)(cosh κτ − 1) = κ̃²;
 * then x_j = X · sinh(κ(T − t_j)) / sinh(κT). With λ = 0 (no risk aversion) κ = 0 and the trajectory
 * is the straight line x_j = X(1 − j/N) (TWAP), its limit.
 */
export function almgrenChrissTrajectory(input: AlmgrenChrissInput): AlmgrenChrissTrajectory {
  const { quantity: X, slices: N, horizonDays: T, volatility: sigma } = input;
  const tau = T / N;
  const etaTilde = input.temporaryImpact - 0.5 * input.permanentImpact * tau;
  if (!(etaTilde > 0))
    throw new RangeError(
      `almgren-chriss: temporaryImpact must exceed permanentImpact·τ/2 (η̃ = ${etaTilde}); lengthen the slices or lower γ`,
    );
  const kappaTildeSquared = (input.riskAversion * sigma * sigma) / etaTilde;
  const kappa = Math.acosh(1 + (kappaTildeSquared * tau * tau) / 2) / tau;
  const holdings: number[] = [];
  for (let j = 0; j <= N; j++) {
    const t = j * tau;
    holdings.push(
      kappa * T < 1e-9 ? X * (1 - j / N) : (X * Math.sinh(kappa * (T - t))) / Math.sinh(kappa * T),
    );
  }
  let tradedSquares = 0;
  let holdingSquares = 0;
  for (let j = 1; j <= N; j++) {
    const traded = (holdings[j - 1] as number) - (holdings[j] as number);
    tradedSquares += traded * traded;
    holdingSquares += (holdings[j] as number) ** 2;
  }
  return {
    holdings,
    kappa,
    expectedCost: 0.5 * input.permanentImpact * X * X + (etaTilde / tau) * tradedSquares,
    variance: sigma * sigma * tau * holdingSquares,
  };
}
