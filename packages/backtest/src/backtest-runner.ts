// Runs a backtest: the live kernel (strategies, risk, execution, portfolio) over history with a test clock.
import { type EquityPoint, type PerformanceMetrics, performanceMetrics } from '@ats/analytics';
import { firstSupportedYear, lastSupportedYear, NyseCalendar } from '@ats/calendar';
import {
  type AccountId,
  type Bar,
  defineEquity,
  IdGenerator,
  Money,
  type OrderFilled,
  type OrderRejected,
  type Price,
  type Quantity,
  SCALE,
  SeededRandom,
  TestClock,
  type Ticker,
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
import {
  accountModelOf,
  type BacktestAccount,
  defaultBacktestAccount,
  liquidateThroughOms,
} from './backtest-account.js';
import { type EquityValueAtRisk, equityValueAtRisk } from './equity-value-at-risk.js';
import type { FillRules } from './fill-rules.js';
import { roundTripsOf } from './round-trips.js';
import { SimulatedBarVenue } from './simulated-bar-venue.js';

export interface BacktestConfig {
  /** Bars per symbol, each sorted by time. */
  readonly bars: ReadonlyMap<Ticker, readonly Bar[]>;
  /** Builds the strategies (fresh instances per run). */
  readonly strategies: () => readonly Strategy[];
  readonly startingCash: Money;
  readonly rules: FillRules;
  /** Risk limits; the defaults size each signal at 100% of equity ("all in") with no loss limit. */
  readonly limits?: Partial<RiskLimits>;
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
  readonly equityCurve: readonly EquityPoint[];
  readonly benchmarkCurve: readonly number[];
  readonly metrics: PerformanceMetrics;
  readonly finalEquity: string;
  readonly finalCash: string;
  readonly bars: number;
  /** VaR over time: historical VaR of the equity over a rolling window of the curve. */
  readonly valueAtRisk: EquityValueAtRisk;
}

const defaultLimits: RiskLimits = {
  maxPositionSize: 1,
  maxSectorExposure: 1,
  dailyLossLimit: Money.of('100000000000'),
  positionFraction: 1,
  allowShort: false,
};

/**
 * Every bar of every symbol in time order; within a time, symbols keep the config's order (a stable
 * sort of the series concatenated in that order). One symbol needs no sort at all.
 */
function inTimeOrder(bars: ReadonlyMap<Ticker, readonly Bar[]>): readonly Bar[] {
  if (bars.size === 1) return [...bars.values()][0] as readonly Bar[];
  const all: Bar[] = [];
  for (const series of bars.values()) for (const bar of series) all.push(bar);
  return all.sort((a, b) => a.time - b.time);
}

const supportedFrom = Date.UTC(firstSupportedYear, 0, 1);
const supportedUntil = Date.UTC(lastSupportedYear, 11, 1);
/**
 * One calendar for every run in the process: it caches sessions and time-zone offsets (pure functions
 * of time), and building it and filling those caches again per run cost more than a whole backtest.
 */
let sharedCalendar: NyseCalendar | undefined;

/**
 * DAY orders expire at NYSE closes, early closes included. Outside the calendar's years (synthetic
 * test data) the close is unknown: a DAY order then lasts one daily bar.
 */
export function nyseSessionCloseOf(): SessionCloseOf {
  sharedCalendar ??= new NyseCalendar();
  const calendar = sharedCalendar;
  // No close lies between a time asked and the close found for it: later times up to that close share it.
  let askedFrom = Number.POSITIVE_INFINITY;
  let close = Number.NEGATIVE_INFINITY;
  return (time) => {
    if (time >= askedFrom && time <= close) return close;
    if (time < supportedFrom || time >= supportedUntil) return null;
    askedFrom = time;
    close = calendar.nextClose(time);
    return close;
  };
}

export function runBacktest(config: BacktestConfig): BacktestResult {
  const symbols = [...config.bars.keys()];
  const ordered = inTimeOrder(config.bars);
  const clock = new TestClock(ordered[0]?.time ?? 0);
  const ids = new IdGenerator(new SeededRandom(config.seed ?? 1));
  const bus = new InProcessMessageBus();
  const account = config.account ?? defaultBacktestAccount;
  const venue = new SimulatedBarVenue(clock, ids, config.rules, {
    sessionCloseOf: config.sessionCloseOf ?? nyseSessionCloseOf(),
    account: accountModelOf(account, config.startingCash),
    startingCash: config.startingCash,
  });
  const limits = { ...defaultLimits, ...config.limits };
  const kernel = new TradingKernel({
    bus,
    clock,
    ids,
    accountId: 'backtest' as AccountId,
    startingCash: config.startingCash,
    instruments: symbols.map((symbol) => defineEquity({ symbol })),
    limits,
    strategies: config.strategies(),
    executionClient: venue,
    accountKind: account.kind,
    // A cash account refuses a buy it cannot pay for with its commission: risk sizes buys to fit.
    ...(account.kind === 'cash'
      ? {
          commissionOf: (quantity: Quantity, price: Price) =>
            commissionFor(config.rules.commission, quantity, price, true),
        }
      : {}),
  });
  const fills: OrderFilled[] = [];
  bus.subscribe(topics.tradesExecuted, (event) => {
    if (event.type === 'OrderFilled') fills.push(event);
  });
  const rejections: OrderRejected[] = [];
  bus.subscribe(topics.orderEvents, (event) => {
    if (event.type === 'OrderRejected') rejections.push(event);
  });
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

  // Buy and hold: the starting cash split evenly, bought at each symbol's first open, marked at closes;
  // its value moves by shares × change of close, so each bar updates it in O(1).
  const shares = new Map<Ticker, number>();
  const lastClose = new Map<Ticker, number>();
  let benchmark = config.startingCash.toNumber();
  const budget = config.startingCash.toNumber() / symbols.length;
  const barTopics = new Map(symbols.map((symbol) => [symbol, topics.bars(symbol)]));
  // Columns while running (no object per bar kept alive through the run); points built at the end.
  const curveTimes = new Float64Array(ordered.length);
  const curveEquity = new Float64Array(ordered.length);
  const curveExposure = new Float64Array(ordered.length);
  const benchmarkColumn = new Float64Array(ordered.length);
  let points = 0;
  const progressStep = Math.max(1, Math.floor(ordered.length / 100));
  const portfolio = kernel.portfolio;

  for (let index = 0; index < ordered.length; index++) {
    const bar = ordered[index] as Bar;
    const time = bar.time;
    if (time > clock.now()) clock.advanceTo(time);
    // Orders placed on earlier bars trade against this bar before any strategy sees it.
    venue.onBar(bar);
    const close = bar.close.toNumber();
    const held = shares.get(bar.symbol);
    if (held === undefined) {
      const open = bar.open.toNumber();
      const bought = Math.floor(budget / open);
      shares.set(bar.symbol, bought);
      // Cash spent at the open, the holding marked at the close.
      benchmark += bought * (close - open);
    } else {
      benchmark += held * (close - (lastClose.get(bar.symbol) as number));
    }
    lastClose.set(bar.symbol, close);
    bus.publish(barTopics.get(bar.symbol) as string, {
      type: 'BarClosed',
      id: ids.eventId(),
      occurredAt: time,
      receivedAt: time,
      causationId: null,
      bar,
    });
    // One point per time: after the last bar of this time across symbols.
    const next = ordered[index + 1];
    if (next === undefined || next.time !== time) {
      curveTimes[points] = time;
      curveEquity[points] = portfolio.equityRaw() / SCALE;
      curveExposure[points] = portfolio.grossExposure();
      benchmarkColumn[points] = benchmark;
      points++;
    }
    if (config.onProgress && (index % progressStep === 0 || index === ordered.length - 1))
      config.onProgress((index + 1) / ordered.length);
  }
  const barCount = ordered.length;
  const equityCurve: EquityPoint[] = new Array(points);
  for (let point = 0; point < points; point++) {
    equityCurve[point] = {
      time: curveTimes[point] as number,
      equity: curveEquity[point] as number,
      exposure: curveExposure[point] as number,
    };
  }
  const benchmarkCurve = Array.from(benchmarkColumn.subarray(0, points));

  const tradedNotional = fills.reduce(
    (sum, fill) => sum + fill.lastPrice.toNumber() * fill.lastQuantity.value,
    0,
  );
  const commissions = fills.reduce((total, fill) => total.add(fill.commission), Money.zero);
  const metrics = performanceMetrics({
    curve: equityCurve,
    roundTrips: roundTripsOf(fills),
    startingCash: config.startingCash.toNumber(),
    tradedNotional,
    commissions: commissions.toNumber(),
    periodsPerYear: config.periodsPerYear ?? 252,
    benchmark: benchmarkCurve,
  });
  return {
    account: account.kind,
    riskRefusals,
    rejections: rejections.map((rejection) => {
      const order = kernel.execution.order(rejection.orderId);
      return {
        time: new Date(rejection.occurredAt).toISOString(),
        symbol: order?.symbol ?? '',
        side: order?.side ?? '',
        quantity: order?.quantity.value ?? 0,
        reason: rejection.reason,
      };
    }),
    orders: kernel.execution.allOrders().map((order) => ({
      id: order.id,
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      quantity: order.quantity.value,
      filled: order.filledQuantity.value,
      status: order.status,
      createdAt: new Date(order.createdAt).toISOString(),
    })),
    fills: fills.map((fill) => ({
      time: new Date(fill.occurredAt).toISOString(),
      symbol: fill.symbol,
      side: fill.side,
      quantity: fill.lastQuantity.value,
      price: fill.lastPrice.toString(),
      commission: fill.commission.toString(),
    })),
    equityCurve,
    benchmarkCurve,
    metrics,
    finalEquity: kernel.portfolio.equity().toString(),
    finalCash: kernel.portfolio.cash().toString(),
    bars: barCount,
    valueAtRisk: equityValueAtRisk(curveEquity.subarray(0, points)),
  };
}
