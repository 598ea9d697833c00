// Cross-sectional momentum over a universe: rank by trailing return, hold the top N, rebalance monthly.
import type { Bar, StrategyId, Ticker } from '@ats/core';
import { Strategy, type StrategyContext } from '@ats/engine';

export interface CrossSectionalMomentumParameters {
  /** Bars of the trailing return that ranks symbols (e.g. 126 for six months of daily bars). */
  readonly lookback: number;
  /** How many of the best-ranked symbols to hold. */
  readonly top: number;
  /**
   * Per symbol, the time of its next-to-last bar, when its data ends inside the run (a delisting, known
   * one bar ahead as a delisting is announced): the position is sold there, to fill at the open of its
   * last bar, and the symbol is no longer ranked. Symbols without an entry trade to the end.
   */
  readonly exitTimes?: ReadonlyMap<string, number>;
}

/** The closes of one symbol over the lookback, in a ring (raw 1/10,000 units). */
interface History {
  readonly closes: Float64Array;
  count: number;
  next: number;
  lastTime: number;
}

/** The UTC month holding `time`, as [start, end) in epoch ms. */
function monthAround(time: number): [number, number] {
  const date = new Date(time);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  return [Date.UTC(year, month, 1), Date.UTC(year, month + 1, 1)];
}

/**
 * Long-only, equal weight (the risk engine sizes each LONG at its position fraction: set it to 1/top).
 * On the first bar of a new month — before any bar of that month is seen, so ranks use month-end closes
 * only — every symbol with a full lookback that traded at the latest time seen and is not leaving is
 * ranked by close / close `lookback` bars earlier − 1 (ties by symbol); held symbols outside the top
 * are sold first, then the new ones bought. Symbols enter the ranking once they have a full lookback
 * of their own bars, so a symbol listed mid-run joins when its history allows.
 */
export class CrossSectionalMomentumStrategy extends Strategy {
  private readonly histories = new Map<Ticker, History>();
  /** The current month as [start, end): a bar outside it starts a new month (no Date per bar). */
  private monthStart = Number.NaN;
  private monthEnd = Number.NaN;
  private latestTime = Number.NEGATIVE_INFINITY;

  constructor(
    id: StrategyId,
    symbols: readonly Ticker[],
    readonly parameters: CrossSectionalMomentumParameters,
  ) {
    super(id, symbols);
    if (!Number.isInteger(parameters.lookback) || parameters.lookback < 1)
      throw new RangeError(
        `cross-sectional momentum: lookback ${parameters.lookback} must be a whole number ≥ 1`,
      );
    if (!Number.isInteger(parameters.top) || parameters.top < 1)
      throw new RangeError(`cross-sectional momentum: top ${parameters.top} must be a whole number ≥ 1`);
  }

  override onStart(): void {
    for (const symbol of this.symbols)
      this.histories.set(symbol, {
        closes: new Float64Array(this.parameters.lookback + 1),
        count: 0,
        next: 0,
        lastTime: Number.NEGATIVE_INFINITY,
      });
  }

  override onBar(bar: Bar, context: StrategyContext): void {
    if (!(bar.time >= this.monthStart && bar.time < this.monthEnd)) {
      if (!Number.isNaN(this.monthStart)) this.rebalance(bar.time, context);
      [this.monthStart, this.monthEnd] = monthAround(bar.time);
    }
    const history = this.histories.get(bar.symbol);
    if (!history) return;
    history.closes[history.next] = bar.close.raw;
    history.next = history.next + 1 === history.closes.length ? 0 : history.next + 1;
    if (history.count < history.closes.length) history.count++;
    history.lastTime = bar.time;
    if (bar.time > this.latestTime) this.latestTime = bar.time;
    const exit = this.parameters.exitTimes?.get(bar.symbol);
    if (exit !== undefined && bar.time >= exit && context.position(bar.symbol) > 0) {
      context.signal(bar.symbol, 'FLAT');
    }
  }

  /** The trailing return of a symbol eligible at `now`, or null. */
  private momentumOf(symbol: Ticker, history: History, now: number): number | null {
    if (history.count < history.closes.length || history.lastTime !== this.latestTime) return null;
    const exit = this.parameters.exitTimes?.get(symbol);
    if (exit !== undefined && exit <= now) return null;
    // The ring's next slot holds the oldest close; the newest is the slot before it.
    const newest = history.closes[
      (history.next + history.closes.length - 1) % history.closes.length
    ] as number;
    const oldest = history.closes[history.next] as number;
    return oldest > 0 ? newest / oldest - 1 : null;
  }

  private rebalance(now: number, context: StrategyContext): void {
    const ranked: { symbol: Ticker; momentum: number }[] = [];
    for (const [symbol, history] of this.histories) {
      const momentum = this.momentumOf(symbol, history, now);
      if (momentum !== null) ranked.push({ symbol, momentum });
    }
    ranked.sort(
      (a, b) => b.momentum - a.momentum || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0),
    );
    const chosen = new Set(ranked.slice(0, this.parameters.top).map((entry) => entry.symbol));
    // Positions, not a list of our own: a buy the risk checks refused is simply tried again next month.
    for (const symbol of this.histories.keys())
      if (!chosen.has(symbol) && context.position(symbol) > 0) context.signal(symbol, 'FLAT');
    for (const symbol of chosen) if (context.position(symbol) <= 0) context.signal(symbol, 'LONG');
  }
}
