// Performance metrics of a backtest or an account: returns, risk, drawdown, trade statistics, benchmark.

export interface EquityPoint {
  /** Epoch ms of the point (a bar's time). */
  readonly time: number;
  readonly equity: number;
  /** Gross market value of positions at the point (for exposure). */
  readonly exposure: number;
}

/** A closed round trip: from the first fill that opened a position to the fill that made it flat. */
export interface RoundTrip {
  readonly symbol: string;
  readonly entryTime: number;
  readonly exitTime: number;
  /** Realized PnL net of the round trip's commissions. */
  readonly pnl: number;
}

/** An equity curve as columns (what a backtest keeps while it runs: no object per point). */
export interface EquityColumns {
  readonly equity: ArrayLike<number>;
  readonly exposure: ArrayLike<number>;
}

export interface PerformanceInput {
  /** The equity curve: a list of points, or the same as columns. */
  readonly curve: readonly EquityPoint[] | EquityColumns;
  readonly roundTrips: readonly RoundTrip[];
  readonly startingCash: number;
  /** Sum of |fill notional| (for turnover). */
  readonly tradedNotional: number;
  readonly commissions: number;
  /** Periods per year of the curve's spacing: 252 for daily bars. */
  readonly periodsPerYear: number;
  /** The benchmark's equity at the same points (e.g. buy and hold), for alpha and beta. */
  readonly benchmark?: ArrayLike<number>;
}

export interface PerformanceMetrics {
  readonly totalReturn: number;
  readonly cagr: number;
  readonly annualVolatility: number;
  readonly sharpe: number;
  readonly sortino: number;
  readonly calmar: number;
  readonly maxDrawdown: number;
  /** The longest time from a peak to the recovery of that peak (or the end), in periods. */
  readonly maxDrawdownDuration: number;
  readonly trades: number;
  readonly winRate: number;
  readonly profitFactor: number;
  readonly expectancy: number;
  readonly averageWin: number;
  readonly averageLoss: number;
  /** Fraction of periods with a position. */
  readonly exposure: number;
  /** Traded notional per year over average equity. */
  readonly turnover: number;
  readonly commissions: number;
  readonly benchmarkReturn: number | null;
  /** Annualized alpha of period returns against the benchmark's (risk-free rate 0). */
  readonly alpha: number | null;
  readonly beta: number | null;
}

/** The arithmetic mean; 0 for no values. */
function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (let index = 0; index < values.length; index++) sum += values[index] as number;
  return sum / values.length;
}

/** Sample standard deviation (n − 1); 0 with fewer than two values. */
function deviation(values: ArrayLike<number>): number {
  if (values.length < 2) return 0;
  const average = mean(values);
  let sum = 0;
  for (let index = 0; index < values.length; index++) sum += ((values[index] as number) - average) ** 2;
  return Math.sqrt(sum / (values.length - 1));
}

/** The return of each point against the one before it, the first against `start`. */
function periodReturns(start: number, equities: ArrayLike<number>): Float64Array {
  const returns = new Float64Array(equities.length);
  let previous = start;
  for (let index = 0; index < equities.length; index++) {
    const equity = equities[index] as number;
    returns[index] = previous === 0 ? 0 : equity / previous - 1;
    previous = equity;
  }
  return returns;
}

/**
 * Definitions (risk-free rate 0, returns per period of the curve):
 * total return = last / first − 1; CAGR = (last / first)^(periodsPerYear / periods) − 1;
 * annual volatility = stdev(returns) × √periodsPerYear; Sharpe = mean(returns) / stdev(returns) × √periodsPerYear;
 * Sortino = mean(returns) / downside deviation × √periodsPerYear, downside deviation = √(Σ min(r, 0)² / n);
 * max drawdown = max over t of 1 − equity_t / peak_t; Calmar = CAGR / max drawdown;
 * win rate = winning round trips / round trips; profit factor = Σ wins / |Σ losses|;
 * expectancy = mean round-trip PnL; exposure = periods with a position / periods;
 * turnover = traded notional / average equity / years; alpha and beta from regressing period returns
 * on the benchmark's: beta = cov / var(benchmark), alpha = (mean(r) − beta × mean(b)) × periodsPerYear.
 */
export function performanceMetrics(input: PerformanceInput): PerformanceMetrics {
  const curve = input.curve;
  let equities: ArrayLike<number>;
  let exposed = 0;
  if ('equity' in curve) {
    equities = curve.equity;
    for (let index = 0; index < curve.exposure.length; index++) if (curve.exposure[index] !== 0) exposed++;
  } else {
    const column = new Float64Array(curve.length);
    for (let index = 0; index < curve.length; index++) {
      const point = curve[index] as EquityPoint;
      column[index] = point.equity;
      if (point.exposure !== 0) exposed++;
    }
    equities = column;
  }
  const first = input.startingCash;
  const last = equities.length > 0 ? (equities[equities.length - 1] as number) : first;
  const returns = periodReturns(first, equities);
  const periods = returns.length;
  const years = periods / input.periodsPerYear;
  const totalReturn = first === 0 ? 0 : last / first - 1;
  const cagr = years > 0 && last > 0 && first > 0 ? (last / first) ** (1 / years) - 1 : 0;
  const volatility = deviation(returns);
  const averageReturn = mean(returns);
  const annualization = Math.sqrt(input.periodsPerYear);
  let downsideSum = 0;
  for (let index = 0; index < returns.length; index++)
    downsideSum += Math.min(returns[index] as number, 0) ** 2;
  const downside = Math.sqrt(downsideSum / Math.max(1, returns.length));

  // Drawdown over the starting cash and every point after it.
  let peak = first;
  let peakIndex = 0;
  let maxDrawdown = 0;
  let maxDuration = 0;
  let equitySum = first;
  for (let index = 1; index <= equities.length; index++) {
    const equity = equities[index - 1] as number;
    equitySum += equity;
    if (equity >= peak) {
      peak = equity;
      peakIndex = index;
    } else {
      maxDrawdown = Math.max(maxDrawdown, 1 - equity / peak);
    }
    maxDuration = Math.max(maxDuration, index - peakIndex);
  }
  const averageEquity = equitySum / (equities.length + 1);

  let wins = 0;
  let losses = 0;
  let grossWin = 0;
  let grossLoss = 0;
  let pnlSum = 0;
  for (const trip of input.roundTrips) {
    pnlSum += trip.pnl;
    if (trip.pnl > 0) {
      wins++;
      grossWin += trip.pnl;
    } else if (trip.pnl < 0) {
      losses++;
      grossLoss += trip.pnl;
    }
  }
  const trips = input.roundTrips.length;

  let benchmarkReturn: number | null = null;
  let alpha: number | null = null;
  let beta: number | null = null;
  if (input.benchmark && input.benchmark.length === equities.length && input.benchmark.length > 1) {
    const benchmarkReturns = periodReturns(first, input.benchmark);
    benchmarkReturn = (input.benchmark[input.benchmark.length - 1] as number) / first - 1;
    const benchmarkMean = mean(benchmarkReturns);
    let covariance = 0;
    let variance = 0;
    for (let index = 0; index < returns.length; index++) {
      covariance +=
        ((returns[index] as number) - averageReturn) * ((benchmarkReturns[index] as number) - benchmarkMean);
      variance += ((benchmarkReturns[index] as number) - benchmarkMean) ** 2;
    }
    beta = variance === 0 ? 0 : covariance / variance;
    alpha = (averageReturn - beta * benchmarkMean) * input.periodsPerYear;
  }

  return {
    totalReturn,
    cagr,
    annualVolatility: volatility * annualization,
    sharpe: volatility === 0 ? 0 : (averageReturn / volatility) * annualization,
    sortino: downside === 0 ? 0 : (averageReturn / downside) * annualization,
    calmar: maxDrawdown === 0 ? 0 : cagr / maxDrawdown,
    maxDrawdown,
    maxDrawdownDuration: maxDuration,
    trades: trips,
    winRate: trips === 0 ? 0 : wins / trips,
    profitFactor: grossLoss === 0 ? (grossWin > 0 ? Number.POSITIVE_INFINITY : 0) : grossWin / -grossLoss,
    expectancy: trips === 0 ? 0 : pnlSum / trips,
    averageWin: wins === 0 ? 0 : grossWin / wins,
    averageLoss: losses === 0 ? 0 : grossLoss / losses,
    exposure: equities.length === 0 ? 0 : exposed / equities.length,
    turnover: years > 0 && averageEquity > 0 ? input.tradedNotional / averageEquity / years : 0,
    commissions: input.commissions,
    benchmarkReturn,
    alpha,
    beta,
  };
}
