// Stress tests: the portfolio revalued under historical scenarios replayed from stored prices and under
// hypothetical shocks (an index move through each position's beta, a sector move).

export interface StressPosition {
  readonly symbol: string;
  /** Signed market value in the account currency. */
  readonly value: number;
  readonly sector?: string;
  /** Beta to the index (default 1) for index shocks. */
  readonly beta?: number;
}

/** Closing prices of one symbol by date (YYYY-MM-DD, ascending). */
export interface PriceHistory {
  readonly dates: readonly string[];
  readonly closes: ArrayLike<number>;
}

export interface StressResult {
  readonly scenario: string;
  /** The P&L of the portfolio under the scenario (negative is a loss). */
  readonly pnl: number;
  /** Each symbol's return under the scenario and its P&L. */
  readonly positions: readonly { symbol: string; move: number; pnl: number }[];
  /** False when some position has no data for the scenario's dates; those positions are left out. */
  readonly covered: boolean;
  readonly uncovered: readonly string[];
}

/** A historical window: from the last close before `from` to the last close on or before `to`. */
export interface HistoricalScenario {
  readonly name: string;
  readonly from: string;
  readonly to: string;
}

export const historicalScenarios: readonly HistoricalScenario[] = [
  { name: '2008-10 (credit crisis)', from: '2008-10-01', to: '2008-10-31' },
  { name: '2020-03 (COVID-19 crash)', from: '2020-03-01', to: '2020-03-31' },
];

/** Black Monday, 1987-10-19: the S&P 500 closed at 224.84 from 282.70, a move of -20.47%. */
export const blackMondayIndexMove = 224.84 / 282.7 - 1;

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Replays a window: each symbol moves by its simple return Pₑₙ𝒹 / P_start - 1 over the window, where
 * P_start is the last close before the window and P_end the last close inside it; the P&L is value × move.
 */
export function historicalStress(
  positions: readonly StressPosition[],
  histories: ReadonlyMap<string, PriceHistory>,
  scenario: HistoricalScenario,
): StressResult {
  if (!datePattern.test(scenario.from) || !datePattern.test(scenario.to) || scenario.from > scenario.to)
    throw new RangeError(`stress scenario ${scenario.name}: from/to must be YYYY-MM-DD with from ≤ to`);
  const moves: { symbol: string; move: number; pnl: number }[] = [];
  const uncovered: string[] = [];
  for (const position of checked(positions)) {
    const history = histories.get(position.symbol);
    const move = history ? windowMove(history, scenario.from, scenario.to) : null;
    if (move === null) uncovered.push(position.symbol);
    else moves.push({ symbol: position.symbol, move, pnl: position.value * move });
  }
  return result(scenario.name, moves, uncovered);
}

function windowMove(history: PriceHistory, from: string, to: string): number | null {
  const { dates, closes } = history;
  let start = -1;
  let end = -1;
  for (let i = 0; i < dates.length; i++) {
    const date = dates[i]!;
    if (date < from) start = i;
    else if (date <= to) end = i;
    else break;
  }
  // No close before the window or none inside it: the data does not cover the scenario.
  if (start < 0 || end < 0) return null;
  return closes[end]! / closes[start]! - 1;
}

/** Every position moves by beta × the index move (default beta 1). */
export function indexShock(
  positions: readonly StressPosition[],
  indexMove: number,
  name = `index ${(indexMove * 100).toFixed(1)}%`,
): StressResult {
  return result(
    name,
    checked(positions).map((position) => {
      const move = (position.beta ?? 1) * indexMove;
      return { symbol: position.symbol, move, pnl: position.value * move };
    }),
    [],
  );
}

/** The positions of one sector move by `move`; the rest do not move. */
export function sectorShock(
  positions: readonly StressPosition[],
  sector: string,
  move: number,
): StressResult {
  return result(
    `sector ${sector} ${(move * 100).toFixed(1)}%`,
    checked(positions).map((position) => {
      const applied = position.sector === sector ? move : 0;
      return { symbol: position.symbol, move: applied, pnl: position.value * applied };
    }),
    [],
  );
}

/** A covariance with every volatility multiplied by `factor` (correlations kept): Σ × factor². */
export function scaledVolatility(covariance: Float64Array, factor: number): Float64Array {
  if (!(Number.isFinite(factor) && factor > 0))
    throw new RangeError(`volatility factor must be positive, got ${factor}`);
  return covariance.map((value) => value * factor * factor);
}

function checked(positions: readonly StressPosition[]): readonly StressPosition[] {
  for (const position of positions) {
    if (!Number.isFinite(position.value))
      throw new RangeError(`stress: position ${position.symbol} value is not finite`);
    if (position.beta !== undefined && !Number.isFinite(position.beta))
      throw new RangeError(`stress: position ${position.symbol} beta is not finite`);
  }
  return positions;
}

function result(
  scenario: string,
  positions: { symbol: string; move: number; pnl: number }[],
  uncovered: string[],
): StressResult {
  let pnl = 0;
  for (const position of positions) pnl += position.pnl;
  return { scenario, pnl, positions, covered: uncovered.length === 0, uncovered };
}
