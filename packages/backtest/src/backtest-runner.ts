// Runs a backtest: the live kernel (strategies, risk, execution, portfolio) over history with a test clock.
import {
  type EquityPoint,
  type PerformanceMetrics,
  performanceMetrics,
  type SizingSettings,
  type StrategyPerformance,
  StrategyPerformanceTracker,
} from '@ats/analytics';
import {
  type CalendarTradingDays,
  firstSupportedYear,
  lastSupportedYear,
  NextCloseTable,
  NyseCalendar,
  regularSessionWindows,
  tradingDaysOf,
} from '@ats/calendar';
import {
  type AccountId,
  type Bar,
  defineEquity,
  IdGenerator,
  Money,
  type Price,
  type Quantity,
  SeededRandom,
  TestClock,
  type Ticker,
  type Timeframe,
  topics,
} from '@ats/core';
import {
  commissionFor,
  InProcessMessageBus,
  type RiskLimits,
  type SessionCloseOf,
  type Strategy,
  TradingKernel,
} from '@ats/engine';
import type { MonitorSettings } from './assembly/monitor-schema.js';
import {
  accountModelOf,
  type BacktestAccount,
  defaultBacktestAccount,
  liquidateThroughOms,
} from './backtest-account.js';
import { BacktestFillLog } from './backtest-fill-log.js';
import { BacktestMonitor, type BacktestMonitorReport } from './backtest-monitor.js';
import { BacktestOrderLog } from './backtest-order-log.js';
import { BacktestSizing } from './backtest-sizing.js';
import { BarReplay } from './bar-replay.js';
import { type EquityValueAtRisk, equityValueAtRiskOf } from './equity-value-at-risk.js';
import type { FillRules } from './fill-rules.js';
import { ReplayedBarEvent } from './replayed-bar-event.js';
import { ResultColumns } from './result-columns.js';
import { attachRows, ResultRows, rowsOfResult } from './result-rows.js';
import { roundTripsOf } from './round-trips.js';
import { SimulatedBarVenue } from './simulated-bar-venue.js';
import { timeOrderOf } from './time-order-cache.js';

export { inTimeOrder } from './bars-in-time-order.js';

/**
 * Bars streamed in time order, in chunks (e.g. a day of a columnar catalog at a time), so a run over
 * more bars than fit in memory keeps only one chunk alive.
 */
export interface BarStream {
  readonly symbols: readonly Ticker[];
  /** Chunks in time order; within a time, bars in the order of `symbols`. */
  readonly chunks: Iterable<readonly Bar[]>;
  /** How many bars in all, when known (for progress). */
  readonly totalBars?: number;
}

export interface BacktestConfig {
  /** Bars per symbol, each sorted by time (or `stream`). */
  readonly bars?: ReadonlyMap<Ticker, readonly Bar[]>;
  /** Bars streamed in time order instead of `bars`. */
  readonly stream?: BarStream;
  /**
   * The equity curve keeps one point per period of this length (its last); default one per time step.
   * A long intraday run keeps a daily curve instead of one point per bar.
   */
  readonly equityResolution?: Timeframe;
  /** Builds the strategies (fresh instances per run). */
  readonly strategies: () => readonly Strategy[];
  readonly startingCash: Money;
  readonly rules: FillRules;
  /** Risk limits; the defaults size each signal at 100% of equity ("all in") with no loss limit. */
  readonly limits?: Partial<RiskLimits>;
  /**
   * Position sizing as the Risk Manager's risk_models.sizing block sets it (fixed fraction, fixed
   * quantity, volatility target, Kelly, risk parity, drawdown scaling, correlation adjustment);
   * absent: the fixed fraction of `limits.positionFraction`.
   */
  readonly sizing?: SizingSettings;
  /**
   * The Risk Manager's monitor as risk_models.monitor sets it: alarms on drawdown, VaR utilization,
   * sector exposure, volatility spikes and correlation, and the action a critical one takes (halt,
   * reduce, flatten). Absent (or not enabled): no monitor.
   */
  readonly monitor?: MonitorSettings;
  readonly seed?: number;
  /** Periods per year of the bars, for annualized metrics (252 for daily). */
  readonly periodsPerYear?: number;
  /** The venue's account: a cash account (the default) or a Reg T margin account. */
  readonly account?: BacktestAccount;
  /** The exchange's session closes, for DAY expiry and OPG/CLS (default: the NYSE calendar). */
  readonly sessionCloseOf?: SessionCloseOf;
  /** Called every `progressEvery` time steps with the share done (0..1). */
  readonly onProgress?: (done: number) => void;
}

export interface BacktestResult {
  /** The account the backtest traded in: cash or margin. */
  readonly account: BacktestAccount['kind'];
  /** Orders the pre-trade checks refused, counted by refusal code (the same chain as live). */
  readonly riskRefusals: Readonly<Record<string, number>>;
  /** Orders the venue refused (buying power, short sales), with the reason. */
  readonly rejections: readonly {
    time: string;
    symbol: string;
    side: string;
    quantity: number;
    reason: string;
  }[];
  readonly orders: readonly {
    id: string;
    symbol: string;
    side: string;
    type: string;
    quantity: number;
    filled: number;
    status: string;
    createdAt: string;
  }[];
  readonly fills: readonly {
    time: string;
    symbol: string;
    side: string;
    quantity: number;
    price: string;
    commission: string;
  }[];
  /**
   * The equity curve as columns, one entry per bar time (what the run keeps; no object per point).
   * Not enumerable: JSON and structured clones carry `equityCurve` instead, so only an in-process
   * result has it.
   */
  readonly equityColumns?: {
    readonly time: Float64Array;
    readonly equity: Float64Array;
    readonly exposure: Float64Array;
  };
  /** The same curve as points (built when first read). */
  readonly equityCurve: readonly EquityPoint[];
  readonly benchmarkCurve: readonly number[];
  readonly metrics: PerformanceMetrics;
  /** PnL, Sharpe, drawdown, hit rate and turnover of each strategy (their total PnLs sum to the account's). */
  readonly strategies: readonly StrategyPerformance[];
  readonly finalEquity: string;
  readonly finalCash: string;
  readonly bars: number;
  /** VaR over time: historical VaR of the equity over a rolling window of the curve. */
  readonly valueAtRisk: EquityValueAtRisk;
  /** The risk monitor's alerts and the actions it took, when the run had a monitor. */
  readonly monitor?: BacktestMonitorReport;
}

const defaultLimits: RiskLimits = {
  maxPositionSize: 1,
  maxSectorExposure: 1,
  dailyLossLimit: Money.of('100000000000'),
  positionFraction: 1,
  allowShort: false,
};

const supportedFrom = Date.UTC(firstSupportedYear, 0, 1);
const supportedUntil = Date.UTC(lastSupportedYear, 11, 1);
/**
 * One calendar for every run in the process: it caches sessions and time-zone offsets (pure functions
 * of time), and building it and filling those caches again per run cost more than a whole backtest.
 */
let sharedCalendar: NyseCalendar | undefined;

function nyseCalendar(): NyseCalendar {
  sharedCalendar ??= new NyseCalendar();
  return sharedCalendar;
}

/**
 * One trading-days view for every run in the process, like the calendar: its state is only caches of
 * pure functions of time (which dates hold sessions, the zone's last offset span), and its interface
 * has no method that changes it, so runs cannot tell whether they share it. One made per run started
 * with empty caches, and the pattern-day-trader window asked the calendar again for each date.
 */
let sharedTradingDays: CalendarTradingDays | undefined;

function nyseTradingDays(): CalendarTradingDays {
  sharedTradingDays ??= tradingDaysOf(nyseCalendar());
  return sharedTradingDays;
}

/**
 * DAY orders expire at NYSE closes, early closes included. Outside the calendar's years (synthetic
 * test data) the close is unknown: a DAY order then lasts one daily bar. One function for every run in
 * the process: a function made per run was a new call target in every run, and the venue's optimized
 * code that had inlined the previous one was thrown away. Its table keeps, per day, the close each
 * lookup found, for every later run of the process: a warm lookup reads a typed array instead of
 * converting the time to a New York date.
 */
export function nyseSessionCloseOf(): SessionCloseOf {
  sharedSessionCloseOf ??= sessionClosesOf(new NextCloseTable(nyseCalendar()));
  return sharedSessionCloseOf;
}

let sharedSessionCloseOf: SessionCloseOf | undefined;

// No cache of the last [time, close] asked in front of the table any more: on ORCL it never hit, and
// over 100 symbols its 19,289 hits of 19,484 calls saved about 10 ns each (0.2 ms of a 1 s run).
function sessionClosesOf(table: NextCloseTable): SessionCloseOf {
  return (time) => (time < supportedFrom || time >= supportedUntil ? null : table.nextClose(time));
}

/** The next chunk that holds a bar, or undefined at the end. */
function nextChunk(chunks: Iterator<readonly Bar[]>): readonly Bar[] | undefined {
  for (let step = chunks.next(); !step.done; step = chunks.next())
    if (step.value.length > 0) return step.value;
  return undefined;
}

export function runBacktest(config: BacktestConfig): BacktestResult {
  // Bars come in time-ordered chunks: one chunk of every bar of `bars`, or a stream's chunks.
  const symbols = [...(config.stream?.symbols ?? (config.bars ?? new Map<Ticker, Bar[]>()).keys())];
  const slotOf = new Map(symbols.map((symbol, slot) => [symbol, slot]));
  const inMemory =
    !config.stream && config.bars && config.bars.size > 0 ? timeOrderOf(config.bars) : undefined;
  const chunks = (config.stream?.chunks ?? (inMemory ? [inMemory.bars] : []))[Symbol.iterator]();
  let chunk = nextChunk(chunks);
  let upcoming = chunk ? nextChunk(chunks) : undefined;
  const expectedBars = config.stream ? config.stream.totalBars : chunk?.length;
  // The curve keeps a point per time step: as many as the bars for one symbol, a hundredth of them for
  // 100 symbols on the same dates (a curve sized by bars made 16 MB of fresh memory there, every run).
  // A stream's steps are unknown until it ends: its bar count bounds them.
  const expectedSteps = inMemory ? inMemory.timeSteps : expectedBars;
  const clock = new TestClock(chunk?.[0]?.time ?? 0);
  const ids = new IdGenerator(new SeededRandom(config.seed ?? 1));
  const bus = new InProcessMessageBus();
  const account = config.account ?? defaultBacktestAccount;
  const venue = new SimulatedBarVenue(clock, ids, config.rules, {
    sessionCloseOf: config.sessionCloseOf ?? nyseSessionCloseOf(),
    account: accountModelOf(account, config.startingCash),
    startingCash: config.startingCash,
    // Nothing asks a backtest's venue for closed orders or past executions (see SimulatedVenueBook).
    keepsClosedOrders: false,
  });
  const limits = { ...defaultLimits, ...config.limits };
  const sizing = config.sizing ? new BacktestSizing(config.sizing, limits.positionFraction) : null;
  // Filled in as the run goes: the executor keeps no closed order (see BacktestOrderLog).
  let orderLog: BacktestOrderLog | undefined;
  const kernel = new TradingKernel({
    bus,
    clock,
    ids,
    closedOrdersKept: 0,
    // The in-process bus calls each handler once per message, and a backtest has no outbox relay or
    // reconciliation to hand a message over again: the engines keep no ids of what they applied.
    delivery: 'exactly-once',
    onOrderReleased: (order) => orderLog?.released(order),
    accountId: 'backtest' as AccountId,
    startingCash: config.startingCash,
    instruments: symbols.map((symbol) => defineEquity({ symbol })),
    limits,
    strategies: config.strategies(),
    // Daily bars a strategy builds from intraday bars are NYSE sessions, as in the running node.
    sessions: regularSessionWindows(nyseCalendar()),
    executionClient: venue,
    accountKind: account.kind,
    // The pattern-day-trader rule counts NYSE sessions by New York date, and the risk day (daily loss)
    // rolls at New York midnight, as in the live Risk Manager.
    tradingDays: nyseTradingDays(),
    sessionCloseOf: config.sessionCloseOf ?? nyseSessionCloseOf(),
    sizer: sizing?.sizer,
    // A cash account refuses a buy it cannot pay for with its commission: risk sizes buys to fit.
    commissionOf:
      account.kind === 'cash'
        ? (quantity: Quantity, price: Price) => commissionFor(config.rules.commission, quantity, price, true)
        : undefined,
  });
  sizing?.attach(kernel.portfolio, bus);
  const fills = new BacktestFillLog();
  const perStrategy = new StrategyPerformanceTracker({
    capital: config.startingCash.toNumber(),
    periodsPerYear: config.periodsPerYear ?? 252,
    delivery: 'exactly-once',
    // One sample per curve point: at most one per bar (fewer at a coarser curve resolution).
    ...(config.equityResolution || expectedSteps === undefined ? {} : { expectedSamples: expectedSteps }),
  });
  bus.subscribe(topics.tradesExecuted, (event) => {
    if (event.type === 'OrderFilled') {
      fills.add(event);
      perStrategy.onFill(event);
    }
  });
  orderLog = new BacktestOrderLog(bus, kernel.execution);
  const riskRefusals: Record<string, number> = {};
  bus.subscribe(topics.riskAssessments, (event) => {
    if (event.type === 'SignalRejected')
      riskRefusals[event.reasonCode] = (riskRefusals[event.reasonCode] ?? 0) + 1;
  });
  const strategyIds = kernel.options.strategies.map((strategy) => strategy.id);
  venue.onMarginCall((call) =>
    liquidateThroughOms(call, kernel, {
      clock,
      ids,
      accountId: 'backtest' as AccountId,
      strategyIds,
      onRefused: (code) => {
        riskRefusals[code] = (riskRefusals[code] ?? 0) + 1;
      },
    }),
  );
  kernel.start();
  // After the kernel: the monitor sees each bar once strategies have, as the live monitor sees a quote.
  const monitor = config.monitor?.enabled
    ? new BacktestMonitor(config.monitor, kernel, {
        bus,
        clock,
        ids,
        accountId: 'backtest' as AccountId,
        onRefused: (code) => {
          riskRefusals[code] = (riskRefusals[code] ?? 0) + 1;
        },
      })
    : null;
  monitor?.attach();

  // One event object for every bar, its id built only when read (see ReplayedBarEvent).
  const replay = new BarReplay({
    clock,
    venue,
    bus,
    portfolio: kernel.portfolio,
    algorithms: kernel.algorithms,
    sizing,
    perStrategy,
    event: new ReplayedBarEvent(ids, chunk?.[0] as Bar),
    barTopics: symbols.map((symbol) => topics.bars(symbol)),
    slotOf,
    startingCash: config.startingCash.toNumber(),
    resolution: config.equityResolution,
    expectedBars,
    expectedSteps,
    onProgress: config.onProgress,
  });
  while (chunk !== undefined) {
    // The in-memory chunk knows each bar's symbol slot; a streamed chunk looks it up.
    replay.replay(chunk, inMemory && chunk === inMemory.bars ? inMemory.symbolIndex : undefined, upcoming);
    chunk = upcoming;
    upcoming = chunk ? nextChunk(chunks) : undefined;
  }
  const points = replay.points;
  const barCount = replay.barCount;
  const markOf = (symbol: Ticker) => replay.mark(symbol);
  config.onProgress?.(1);
  // The orders still working take their state before the executor lets go of them (below).
  orderLog.settle();
  const columns = new ResultColumns(
    replay.wholeColumns(),
    {
      time: replay.curveTimes.subarray(0, points),
      equity: replay.curveEquity.subarray(0, points),
      exposure: replay.curveExposure.subarray(0, points),
      benchmark: replay.benchmarkColumn.subarray(0, points),
    },
    [() => fills.release(), () => orderLog.release()],
  );
  const curve = columns.read();

  const metrics = performanceMetrics({
    curve,
    roundTrips: roundTripsOf(fills.terms()),
    startingCash: config.startingCash.toNumber(),
    tradedNotional: fills.tradedNotional(),
    commissions: fills.totalCommissions().toNumber(),
    periodsPerYear: config.periodsPerYear ?? 252,
    benchmark: curve.benchmark,
  });
  const valueAtRisk = equityValueAtRiskOf(() => columns.read().equity, points);
  // The rows and curves are read through accessors shared by every result (see result-rows.ts), added
  // between the first fields and the rest so JSON keeps its order of fields.
  const result = {
    account: account.kind,
    riskRefusals,
    rejections: orderLog.rejections(),
  } as Record<string, unknown>;
  attachRows(result, new ResultRows(columns, orderLog, fills));
  result.metrics = metrics;
  result.strategies = perStrategy.report(markOf);
  result.finalEquity = kernel.portfolio.equity().toString();
  result.finalCash = kernel.portfolio.cash().toString();
  result.bars = barCount;
  result.valueAtRisk = valueAtRisk;
  if (monitor) result.monitor = monitor.report();
  // The results are built: the run's engines let go of their orders, fills and ids, so the next run in
  // this process does not copy them through its young collections (see `TradingKernel.discard`).
  kernel.discard();
  venue.discard();
  perStrategy.release();
  return result as unknown as BacktestResult;
}

/**
 * Ends a result's hold on its curves' memory, for the next run of the process to write into (a run of a
 * million time steps fills 32 MB of columns, which fresh costs a page fault per 4 KB). For a caller done
 * with the result: what it read before stays readable (metrics, rows, a curve already built), while
 * reading a curve not yet built, or the equity columns, throws. Views of the columns taken before hold
 * another run's values afterwards. Releasing twice, or a result from elsewhere (a clone), does nothing.
 */
export function releaseBacktestResult(result: BacktestResult): void {
  rowsOfResult(result)?.columns.release();
}
