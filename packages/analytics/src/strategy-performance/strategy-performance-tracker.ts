// Performance per strategy, live and in backtests: PnL (realized, unrealized, commissions; exact),
// Sharpe, drawdown, hit rate and turnover, from the strategy's own fills and the marks.
import {
  type AppliedIds,
  appliedIdsFor,
  checkedRaw,
  type Delivery,
  Money,
  type OrderFilled,
  Position,
  type Price,
  SCALE,
  type Ticker,
} from '@ats/core';
import { SpareColumns } from '../spare-columns.js';

export interface StrategyPerformance {
  readonly strategyId: string;
  readonly realizedPnl: string;
  readonly unrealizedPnl: string;
  readonly commissions: string;
  /** realized + unrealized − commissions: what the strategy added to the account's equity. */
  readonly totalPnl: string;
  /** Annualized: mean / deviation of the PnL curve's period changes over the capital, × √periods. */
  readonly sharpe: number;
  /** The largest fall of the PnL curve from a peak, in money. */
  readonly maxDrawdown: number;
  /** The same fall over (capital + the PnL at the peak). */
  readonly maxDrawdownFraction: number;
  /** Closing fills that realized a gain, over closing fills; null before any close. */
  readonly hitRate: number | null;
  readonly closingFills: number;
  readonly tradedNotional: number;
  /** Traded notional over the capital. */
  readonly turnover: number;
}

interface Book {
  readonly positions: Map<Ticker, Position>;
  /** The same positions in an array: `sample` walks them at every time step with no iterator object. */
  readonly positionList: Position[];
  /** The PnL curve: `points` values in a column grown by doubling (no boxed number per sample). */
  curve: Float64Array<ArrayBuffer>;
  points: number;
  closes: number;
  hits: number;
  notional: number;
}

export interface StrategyPerformanceOptions {
  /** The capital each strategy's returns are measured on (the account's starting cash by default). */
  readonly capital: number;
  /** Samples per year of the PnL curve (252 for daily samples). */
  readonly periodsPerYear: number;
  /**
   * Samples expected per strategy, when known (a backtest's time steps): each curve is sized for them
   * once, instead of growing through copies (fresh memory costs a page fault per 4 KB on first write).
   */
  readonly expectedSamples?: number;
  /** How fills reach it (default at-least-once); exactly-once (a backtest): no trade ids are kept. */
  readonly delivery?: Delivery;
}

/**
 * Curves of released trackers, kept for the next tracker of the process (at most a few): see
 * SpareColumns. A reused curve's old values are never read: a book reads only its first `points`
 * values, each written before.
 */
const spareCurves = new SpareColumns(4);

export class StrategyPerformanceTracker {
  private readonly books = new Map<string, Book>();
  /** The same books in an array, for `sample` (a Map iterator per time step was garbage per bar). */
  private readonly bookList: Book[] = [];
  private readonly applied: AppliedIds;

  constructor(private readonly options: StrategyPerformanceOptions) {
    this.applied = appliedIdsFor(options.delivery);
    if (!(options.capital > 0))
      throw new RangeError(`strategy performance: capital ${options.capital} must be positive`);
  }

  private bookOf(strategyId: string): Book {
    let book = this.books.get(strategyId);
    if (!book) {
      book = {
        positions: new Map(),
        positionList: [],
        curve: spareCurves.take(Math.max(16, this.options.expectedSamples ?? 0)),
        points: 0,
        closes: 0,
        hits: 0,
        notional: 0,
      };
      this.books.set(strategyId, book);
      this.bookList.push(book);
    }
    return book;
  }

  /** Applies a fill to its strategy (once per trade id: redeliveries are ignored). */
  onFill(fill: OrderFilled): void {
    if (this.applied.has(fill.tradeId)) return;
    this.applied.add(fill.tradeId);
    const book = this.bookOf(fill.strategyId);
    let position = book.positions.get(fill.symbol);
    if (!position) {
      position = new Position(fill.symbol);
      book.positions.set(fill.symbol, position);
      book.positionList.push(position);
    }
    const change = position.apply(fill.side, fill.lastQuantity, fill.lastPrice, fill.commission);
    book.notional += fill.lastPrice.toNumber() * fill.lastQuantity.value;
    if (change.closedQuantity > 0) {
      book.closes++;
      if (change.realized.raw > 0) book.hits++;
    }
  }

  /** Adds a point to each strategy's PnL curve, marking open positions with `markOf`. */
  sample(markOf: (symbol: Ticker) => Price | null): void {
    const books = this.bookList;
    for (let index = 0; index < books.length; index++) {
      const book = books[index] as Book;
      if (book.points === book.curve.length) {
        const larger = new Float64Array(book.points * 2);
        larger.set(book.curve);
        book.curve = larger;
      }
      book.curve[book.points++] = this.totalRawOf(book, markOf) / SCALE;
    }
  }

  /**
   * realized − commissions + unrealized of a book, in raw money: integer sums (exact, as Money's are),
   * with no Money object per position per sample — this runs once per time step of a backtest.
   */
  private totalRawOf(book: Book, markOf: (symbol: Ticker) => Price | null): number {
    let total = 0;
    const positions = book.positionList;
    for (let index = 0; index < positions.length; index++) {
      const position = positions[index] as Position;
      total += position.realizedNetOfCommissionsRaw;
      if (!position.isFlat)
        total += position.unrealizedPnlRaw((markOf(position.symbol) ?? position.averageCost).raw);
    }
    return checkedRaw(total, 'strategy PnL');
  }

  /** Lets go of the trade ids applied, once no fill will come again (a finished backtest's report is made). */
  forgetTrades(): void {
    this.applied.clear();
  }

  /**
   * Ends the tracker (a finished backtest, its report made): the trade ids are let go of and the
   * curves go to the next tracker of the process. Nothing may be asked of it afterwards.
   */
  release(): void {
    this.forgetTrades();
    for (const book of this.bookList) {
      spareCurves.give(book.curve);
      book.curve = new Float64Array(0);
      book.points = 0;
    }
    this.bookList.length = 0;
    this.books.clear();
  }

  strategies(): string[] {
    return [...this.books.keys()];
  }

  report(markOf: (symbol: Ticker) => Price | null): StrategyPerformance[] {
    return [...this.books.entries()].map(([strategyId, book]) => {
      let realized = Money.zero;
      let unrealized = Money.zero;
      let commissions = Money.zero;
      for (const [symbol, position] of book.positions) {
        realized = realized.add(position.realizedPnl);
        commissions = commissions.add(position.commissions);
        if (!position.isFlat)
          unrealized = unrealized.add(position.unrealizedPnl(markOf(symbol) ?? position.averageCost));
      }
      const { capital, periodsPerYear } = this.options;
      const { mean, variance, maxDrawdown, maxDrawdownFraction } = curveStatistics(
        book.curve,
        book.points,
        capital,
      );
      const deviation = Math.sqrt(variance);
      return {
        strategyId,
        realizedPnl: realized.toString(),
        unrealizedPnl: unrealized.toString(),
        commissions: commissions.toString(),
        totalPnl: realized.add(unrealized).subtract(commissions).toString(),
        sharpe: deviation > 0 ? (mean / deviation) * Math.sqrt(periodsPerYear) : 0,
        maxDrawdown,
        maxDrawdownFraction,
        hitRate: book.closes === 0 ? null : book.hits / book.closes,
        closingFills: book.closes,
        tradedNotional: book.notional,
        turnover: book.notional / capital,
      };
    });
  }
}

/** Statistics of a PnL curve's period changes over the capital, and of its falls from a peak. */
interface CurveStatistics {
  readonly mean: number;
  readonly variance: number;
  readonly maxDrawdown: number;
  readonly maxDrawdownFraction: number;
}

/**
 * Two passes over the first `points` values of the curve, each change recomputed the same way (no
 * array of changes). A function of its own: a report runs once per backtest, and loops inside a
 * function called that rarely ran in the interpreter until compiled on the stack, at every run.
 */
function curveStatistics(curve: Float64Array, points: number, capital: number): CurveStatistics {
  let previous = 0;
  let peak = 0;
  let maxDrawdown = 0;
  let maxDrawdownFraction = 0;
  let sum = 0;
  for (let point = 0; point < points; point++) {
    const value = curve[point] as number;
    sum += (value - previous) / capital;
    previous = value;
    peak = Math.max(peak, value);
    maxDrawdown = Math.max(maxDrawdown, peak - value);
    maxDrawdownFraction = Math.max(maxDrawdownFraction, (peak - value) / (capital + peak));
  }
  const mean = sum / Math.max(1, points);
  let squares = 0;
  previous = 0;
  for (let point = 0; point < points; point++) {
    const value = curve[point] as number;
    const difference = (value - previous) / capital - mean;
    squares += difference * difference;
    previous = value;
  }
  return {
    mean,
    variance: points < 2 ? 0 : squares / (points - 1),
    maxDrawdown,
    maxDrawdownFraction,
  };
}
