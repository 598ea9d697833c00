// The per-bar loop of a backtest: each bar to the venue, the bus and the equity curve, in time order.
import type { StrategyPerformanceTracker } from '@ats/analytics';
import {
  type Bar,
  type MessageBus,
  SCALE,
  type TestClock,
  type Ticker,
  type Timeframe,
  timeframePeriodStart,
} from '@ats/core';
import type { TradingKernel } from '@ats/engine';
import type { BacktestSizing } from './backtest-sizing.js';
import type { ReplayedBarEvent } from './replayed-bar-event.js';
import { giveBackCurveColumn, takeCurveColumn } from './result-columns.js';
import type { SimulatedBarVenue } from './simulated-bar-venue.js';

type PortfolioEngine = TradingKernel['portfolio'];
type AlgorithmEngine = TradingKernel['algorithms'];

export interface BarReplayParts {
  readonly clock: TestClock;
  readonly venue: SimulatedBarVenue;
  readonly bus: MessageBus;
  readonly portfolio: PortfolioEngine;
  readonly algorithms: AlgorithmEngine;
  readonly sizing: BacktestSizing | null;
  readonly perStrategy: StrategyPerformanceTracker;
  /** One bar event for every bar (see ReplayedBarEvent). */
  readonly event: ReplayedBarEvent;
  /** The bus topic of each symbol's bars, by symbol slot. */
  readonly barTopics: readonly string[];
  /** The symbol slot of a symbol (for streamed chunks, which do not carry slots). */
  readonly slotOf: ReadonlyMap<Ticker, number>;
  readonly startingCash: number;
  /** One curve point per period of this length, or per time step when undefined. */
  readonly resolution: Timeframe | undefined;
  /** Bars expected in all, when known: paces progress. */
  readonly expectedBars: number | undefined;
  /** Time steps expected in all, when known: sizes the curve (one point per step at most). */
  readonly expectedSteps: number | undefined;
  readonly onProgress: ((done: number) => void) | undefined;
}

/**
 * The loop is a method of its own, apart from runBacktest's set-up and results, for how V8 compiles
 * it: a small method reaches optimized code after fewer bars (the tiering budget grows with a
 * function's size), compiles in less time, and, being one function for every run of the process
 * (not a closure made per run), keeps its feedback and optimized code from one run to the next.
 * Inside runBacktest the loop was compiled anew in the first runs of a process (each run made new
 * closures that its optimized code depended on) and took about 100 ms to compile each time.
 */
export class BarReplay {
  /** Bars replayed so far. */
  barCount = 0;
  /** Curve points kept so far. */
  points = 0;
  curveTimes: Float64Array<ArrayBuffer>;
  curveEquity: Float64Array<ArrayBuffer>;
  curveExposure: Float64Array<ArrayBuffer>;
  benchmarkColumn: Float64Array<ArrayBuffer>;
  // The parts as fields of this class, read from them: the parts object is a literal, and V8 widens
  // a literal's field types at its second evaluation (the second run of a process), which threw
  // away code compiled against them.
  private readonly clock: TestClock;
  private readonly venue: SimulatedBarVenue;
  private readonly bus: MessageBus;
  private readonly portfolio: PortfolioEngine;
  private readonly algorithms: AlgorithmEngine;
  private readonly sizing: BacktestSizing | null;
  private readonly perStrategy: StrategyPerformanceTracker;
  private readonly event: ReplayedBarEvent;
  private readonly barTopics: readonly string[];
  private readonly slotOf: ReadonlyMap<Ticker, number>;
  private readonly resolution: Timeframe | undefined;
  private readonly expectedBars: number | undefined;
  private readonly onProgress: ((done: number) => void) | undefined;
  /**
   * Buy and hold: the starting cash split evenly, bought at each symbol's first open, marked at closes;
   * its value moves by shares × change of close, so each bar updates it in O(1). [value] in a typed
   * array: a number field starts as a small integer and changes its representation when it first
   * holds a fraction; and `replay` does nothing after its loop, where code compiled while the loop
   * ran (on-stack replacement) has no type feedback yet and would be thrown away on leaving it.
   */
  private readonly benchmark = new Float64Array(1);
  private readonly shares: Float64Array;
  private readonly lastClose: Float64Array;
  private readonly budget: number;
  private readonly progressStep: number;
  private readonly markOf: (symbol: Ticker) => ReturnType<PortfolioEngine['mark']>;

  constructor(parts: BarReplayParts) {
    this.clock = parts.clock;
    this.venue = parts.venue;
    this.bus = parts.bus;
    this.portfolio = parts.portfolio;
    this.algorithms = parts.algorithms;
    this.sizing = parts.sizing;
    this.perStrategy = parts.perStrategy;
    this.event = parts.event;
    this.barTopics = parts.barTopics;
    this.slotOf = parts.slotOf;
    this.resolution = parts.resolution;
    this.expectedBars = parts.expectedBars;
    this.onProgress = parts.onProgress;
    const symbols = parts.barTopics.length;
    this.shares = new Float64Array(symbols).fill(Number.NaN);
    this.lastClose = new Float64Array(symbols);
    this.benchmark[0] = parts.startingCash;
    this.budget = parts.startingCash / symbols;
    // Columns while running (no object per bar kept alive through the run); a stream of unknown
    // length grows them as it goes.
    const capacity = parts.resolution ? 1024 : Math.max(1, parts.expectedSteps ?? 1024);
    // Released results' columns when there are (memory already mapped: see SpareColumns).
    this.curveTimes = takeCurveColumn(capacity);
    this.curveEquity = takeCurveColumn(capacity);
    this.curveExposure = takeCurveColumn(capacity);
    this.benchmarkColumn = takeCurveColumn(capacity);
    this.progressStep = Math.max(1, Math.floor((parts.expectedBars ?? 1_000_000) / 100));
    const portfolio = parts.portfolio;
    this.markOf = (symbol) => portfolio.mark(symbol);
  }

  /**
   * Replays one time-ordered chunk. `slots` holds each bar's symbol slot (or undefined: looked up by
   * symbol); `upcoming` is the next chunk, whose first bar tells whether this chunk's last time ended.
   */
  replay(
    ordered: readonly Bar[],
    slots: Uint32Array | undefined,
    upcoming: readonly Bar[] | undefined,
  ): void {
    const { clock, venue, bus, portfolio, algorithms, sizing, event, barTopics, resolution } = this;
    const { shares, lastClose, budget, benchmark } = this;
    for (let index = 0; index < ordered.length; index++, this.barCount++) {
      const bar = ordered[index] as Bar;
      const symbol = slots ? (slots[index] as number) : (this.slotOf.get(bar.symbol) as number);
      const time = bar.time;
      if (time > clock.now()) clock.advanceTo(time);
      // Orders placed on earlier bars trade against this bar before any strategy sees it.
      venue.onBar(bar);
      const close = bar.close.raw / SCALE;
      const held = shares[symbol] as number;
      if (Number.isNaN(held)) {
        const open = bar.open.raw / SCALE;
        const bought = Math.floor(budget / open);
        shares[symbol] = bought;
        // Cash spent at the open, the holding marked at the close.
        benchmark[0] = (benchmark[0] as number) + bought * (close - open);
      } else {
        benchmark[0] = (benchmark[0] as number) + held * (close - (lastClose[symbol] as number));
      }
      lastClose[symbol] = close;
      sizing?.onBar(bar);
      event.next(bar);
      bus.publish(barTopics[symbol] as string, event);
      // Execution algorithms a signal asked for: the bar's volume, then their decisions at its time
      // (their children trade against the next bars through the same venue, like any order).
      if (algorithms.activeParents > 0) {
        algorithms.onVolume(bar.symbol, bar.volume, time);
        algorithms.onTime(time);
      }
      // One point per time (or per resolution period): after the last bar of it across symbols.
      const next = index + 1 < ordered.length ? ordered[index + 1] : upcoming?.[0];
      // The sizer samples returns once per time step, whatever the curve's resolution.
      if (sizing && (next === undefined || next.time !== time))
        sizing.onStepEnd(portfolio.equityRaw() / SCALE);
      if (
        next === undefined ||
        (next.time !== time &&
          (resolution === undefined ||
            timeframePeriodStart(next.time, resolution) !== timeframePeriodStart(time, resolution)))
      )
        this.keepPoint(time);
      if (this.onProgress) this.progress();
    }
  }

  /** The curve's point at `time`: equity, exposure, buy and hold; and each strategy's sample. */
  private keepPoint(time: number): void {
    const points = this.points;
    // Growing is a call of its own (seldom: the columns double), so this runs inlined in the bar loop.
    if (points === this.curveTimes.length) this.growColumns(points * 2);
    const portfolio = this.portfolio;
    this.curveTimes[points] = time;
    this.curveEquity[points] = portfolio.equityRaw() / SCALE;
    this.curveExposure[points] = portfolio.grossExposure();
    this.benchmarkColumn[points] = this.benchmark[0] as number;
    this.points = points + 1;
    this.perStrategy.sample(this.markOf);
  }

  private growColumns(capacity: number): void {
    this.curveTimes = this.grown(this.curveTimes, capacity);
    this.curveEquity = this.grown(this.curveEquity, capacity);
    this.curveExposure = this.grown(this.curveExposure, capacity);
    this.benchmarkColumn = this.grown(this.benchmarkColumn, capacity);
  }

  /** A larger column holding `column`'s values; the outgrown one goes back for a later run. */
  private grown(column: Float64Array<ArrayBuffer>, capacity: number): Float64Array<ArrayBuffer> {
    const larger = takeCurveColumn(capacity);
    larger.set(column.subarray(0, this.points));
    giveBackCurveColumn(column);
    return larger;
  }

  /** The four columns whole (their capacity, not only the points kept), to give back on release. */
  wholeColumns(): Float64Array<ArrayBuffer>[] {
    return [this.curveTimes, this.curveEquity, this.curveExposure, this.benchmarkColumn];
  }

  private progress(): void {
    const { expectedBars, onProgress } = this;
    if (onProgress && this.barCount % this.progressStep === 0 && expectedBars !== undefined)
      onProgress(Math.min(1, (this.barCount + 1) / expectedBars));
  }

  /** The mark of a symbol in the portfolio (for each strategy's report). */
  mark(symbol: Ticker): ReturnType<PortfolioEngine['mark']> {
    return this.markOf(symbol);
  }
}
