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

/** A column of numbers as a Float64Array (itself when it is one): the passes below see one kind. */
function columnOf(values: ArrayLike<number>): Float64Array {
  return values instanceof Float64Array ? values : Float64Array.from(values);
}

/** The return of a point against the one before it (the first against the start). */
function periodReturn(previous: number, equity: number): number {
  return previous === 0 ? 0 : equity / previous - 1;
}

/** What one pass over the equity curve gathers (sums in index order, as separate passes made them). */
interface CurvePass {
  readonly returnSum: number;
  readonly downsideSquares: number;
  readonly maxDrawdown: number;
  readonly maxDuration: number;
  readonly equitySum: number;
}

/**
 * Returns, downside, drawdown and the equity sum in one pass. Each statistic is its own small loop's
 * work folded into one, in the same order and with the same operations, so the floats are the same;
 * the passes live in small functions of their own because `performanceMetrics` runs once per backtest:
 * its loops over a million points ran in the interpreter until compiled on the stack, every run.
 * `x * x` is what `x ** 2` computed (V8's pow returns x·x for the exponent 2).
 */
function curvePass(start: number, equities: Float64Array): CurvePass {
  let previous = start;
  let returnSum = 0;
  let downsideSquares = 0;
  let peak = start;
  let peakIndex = 0;
  let maxDrawdown = 0;
  let maxDuration = 0;
  let equitySum = start;
  for (let index = 0; index < equities.length; index++) {
    const equity = equities[index] as number;
    const change = periodReturn(previous, equity);
    previous = equity;
    returnSum += change;
    // Math.min(change, 0) without a branch: (c − |c|) / 2 is c for a negative c (2c halved, exact),
    // 0 for a positive one, NaN for NaN. Returns fall either way at random, and the branch that
    // Math.min compiles to was mispredicted half the time: 12 ms of a million-point curve against 2.
    const downside = (change - Math.abs(change)) * 0.5;
    downsideSquares += downside * downside;
    equitySum += equity;
    if (equity >= peak) {
      peak = equity;
      peakIndex = index + 1;
    } else {
      maxDrawdown = Math.max(maxDrawdown, 1 - equity / peak);
    }
    maxDuration = Math.max(maxDuration, index + 1 - peakIndex);
  }
  return { returnSum, downsideSquares, maxDrawdown, maxDuration, equitySum };
}

/** Σ of the period returns of a curve (the benchmark's, for its mean). */
function returnSumOf(start: number, equities: Float64Array): number {
  let previous = start;
  let sum = 0;
  for (let index = 0; index < equities.length; index++) {
    const equity = equities[index] as number;
    sum += periodReturn(previous, equity);
    previous = equity;
  }
  return sum;
}

/** Σ (r − mean)² of the period returns (for the sample deviation). */
function squaredDeviations(start: number, equities: Float64Array, average: number): number {
  let previous = start;
  let sum = 0;
  for (let index = 0; index < equities.length; index++) {
    const equity = equities[index] as number;
    const difference = periodReturn(previous, equity) - average;
    previous = equity;
    sum += difference * difference;
  }
  return sum;
}

/** Σ (r − r̄)(b − b̄) and Σ (b − b̄)² of the curve's and the benchmark's period returns. */
function comoments(
  start: number,
  equities: Float64Array,
  average: number,
  benchmark: Float64Array,
  benchmarkAverage: number,
): { covariance: number; variance: number } {
  let previous = start;
  let benchmarkPrevious = start;
  let covariance = 0;
  let variance = 0;
  for (let index = 0; index < equities.length; index++) {
    const equity = equities[index] as number;
    const value = benchmark[index] as number;
    const change = periodReturn(previous, equity);
    const benchmarkDifference = periodReturn(benchmarkPrevious, value) - benchmarkAverage;
    previous = equity;
    benchmarkPrevious = value;
    covariance += (change - average) * benchmarkDifference;
    variance += benchmarkDifference * benchmarkDifference;
  }
  return { covariance, variance };
}

/** Points whose exposure is not 0. */
function exposedCount(exposure: Float64Array): number {
  let exposed = 0;
  for (let index = 0; index < exposure.length; index++) if (exposure[index] !== 0) exposed++;
  return exposed;
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
  let equities: Float64Array;
  let exposed = 0;
  if ('equity' in curve) {
    equities = columnOf(curve.equity);
    exposed = exposedCount(columnOf(curve.exposure));
  } else {
    equities = new Float64Array(curve.length);
    for (let index = 0; index < curve.length; index++) {
      const point = curve[index] as EquityPoint;
      equities[index] = point.equity;
      if (point.exposure !== 0) exposed++;
    }
  }
  const first = input.startingCash;
  const last = equities.length > 0 ? (equities[equities.length - 1] as number) : first;
  const periods = equities.length;
  const years = periods / input.periodsPerYear;
  const totalReturn = first === 0 ? 0 : last / first - 1;
  const cagr = years > 0 && last > 0 && first > 0 ? (last / first) ** (1 / years) - 1 : 0;
  const pass = curvePass(first, equities);
  const averageReturn = periods === 0 ? 0 : pass.returnSum / periods;
  // The sample deviation (n − 1); 0 with fewer than two returns.
  const volatility =
    periods < 2 ? 0 : Math.sqrt(squaredDeviations(first, equities, averageReturn) / (periods - 1));
  const annualization = Math.sqrt(input.periodsPerYear);
  const downside = Math.sqrt(pass.downsideSquares / Math.max(1, periods));
  // Drawdown over the starting cash and every point after it.
  const maxDrawdown = pass.maxDrawdown;
  const maxDuration = pass.maxDuration;
  const averageEquity = pass.equitySum / (equities.length + 1);

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
    const benchmark = columnOf(input.benchmark);
    benchmarkReturn = (benchmark[benchmark.length - 1] as number) / first - 1;
    const benchmarkMean = returnSumOf(first, benchmark) / benchmark.length;
    const { covariance, variance } = comoments(first, equities, averageReturn, benchmark, benchmarkMean);
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
