// Performance figures of the end-of-day snapshot, from the series of daily snapshots.

export interface DailyPerformance {
  readonly dayReturn: number;
  readonly totalReturn: number;
  /** Annualized Sharpe ratio of daily returns (risk-free 0, 252 sessions a year); null with fewer than two days. */
  readonly sharpe: number | null;
  /** Largest fall from a peak of daily closing equity, as a fraction (0.1 = 10%). */
  readonly maxDrawdown: number;
  readonly days: number;
}

/** `equities` are daily closing equities, oldest first, today last; `startingCash` is the account's. */
export function dailyPerformance(equities: readonly number[], startingCash: number): DailyPerformance {
  const returns: number[] = [];
  let previous = startingCash;
  let peak = startingCash;
  let maxDrawdown = 0;
  for (const equity of equities) {
    if (previous > 0) returns.push(equity / previous - 1);
    previous = equity;
    if (equity > peak) peak = equity;
    if (peak > 0) maxDrawdown = Math.max(maxDrawdown, 1 - equity / peak);
  }
  let sharpe: number | null = null;
  if (returns.length >= 2) {
    const mean = returns.reduce((sum, value) => sum + value, 0) / returns.length;
    const variance = returns.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (returns.length - 1);
    sharpe = variance > 0 ? (mean / Math.sqrt(variance)) * Math.sqrt(252) : null;
  }
  const last = equities[equities.length - 1] ?? startingCash;
  return {
    dayReturn: returns[returns.length - 1] ?? 0,
    totalReturn: startingCash > 0 ? last / startingCash - 1 : 0,
    sharpe,
    maxDrawdown,
    days: equities.length,
  };
}
