// The Risk Manager's engine: sizes each signal from equity, then runs every order (signals, operator
// requests, algorithm children, liquidations) through the pre-trade check chain before the venue.
import {
  type AppliedIds,
  appliedIdsFor,
  type Clock,
  type Delivery,
  fixedFractionSize,
  type IdGenerator,
  type Instrument,
  type MessageBus,
  Money,
  type OrderId,
  type OrderRecord,
  type OrderRequested,
  type OrderSide,
  type OrderType,
  type OutcomeCode,
  outcomeCatalogue,
  type PlatformEvent,
  type PositionSizer,
  type Price,
  Quantity,
  type RiskAssessmentId,
  type SignalApproved,
  type SignalGenerated,
  type SignalRejected,
  type SizingDecision,
  type SizingRequest,
  SteadyMap,
  SteadySet,
  type StrategyId,
  type Subscription,
  type Ticker,
  topics,
  UuidDeriver,
} from '@ats/core';
import { isPromise, type MaybePromise } from '../execution/maybe-async.js';
import { type EngineMetrics, type MonotonicTimer, noMetrics } from '../metrics/engine-metrics.js';
import type { PortfolioView } from '../portfolio/portfolio-view.js';
import { type AssessmentJournal, PublishingAssessmentJournal } from './assessment-journal.js';
import type { CheckRefusal, OrderOrigin } from './checks/pre-trade-check.js';
import type { PreTradeCheckChain } from './checks/pre-trade-check-chain.js';
import type { LimitBook } from './limit-book.js';
import { PreTradeGate } from './pre-trade-gate.js';
import { type PreTradeLimits, permissivePreTradeLimits } from './pre-trade-limits.js';
import type { RiskControls } from './risk-controls.js';
import type { RiskDayRecord, RiskDayState } from './risk-day-state.js';
import type { RiskLimits } from './risk-limits.js';
import type { TradingDays } from './trading-days.js';

export interface RiskEngineOptions {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly portfolio: PortfolioView;
  readonly instruments: readonly Instrument[];
  readonly limits: RiskLimits;
  readonly accountId: string;
  readonly metrics?: EngineMetrics;
  readonly timer?: MonotonicTimer | undefined;
  readonly group?: string;
  /** Where decisions are stored and published from; default: publish at once. */
  readonly journal?: AssessmentJournal;
  /**
   * A price older than this (market time) is not used to size or check an order: the signal is
   * refused until a fresh quote arrives. Undefined: no limit (backtests).
   */
  readonly maxPriceAgeMilliseconds?: number;
  /**
   * The commission a buy of this size at this price would pay: buys are sized so price × quantity plus
   * commission fits the cash (a cash account refuses a buy it cannot pay for). Default: none.
   */
  readonly commissionOf?: ((quantity: Quantity, price: Price) => Money) | undefined;
  /** The account the checks assume: a cash account (the default) or a Reg T margin account. */
  readonly accountKind?: 'cash' | 'margin' | undefined;
  /**
   * The exchange's trading days (the NYSE calendar's, from @ats/calendar tradingDaysOf): the
   * pattern-day-trader rule's 5 business days, and the risk day (daily loss, its alert) is the
   * exchange's date, rolling at New York midnight. Default: UTC dates and weekdays without holidays.
   */
  readonly tradingDays?: TradingDays | undefined;
  /** Called with the day state (day start equity, high-water mark) whenever it changes, to store it. */
  readonly onDayStateChange?: (record: RiskDayRecord) => void;
  /** Return rows kept for correlations, and how many are needed before a correlation is used. */
  readonly correlationWindow?: number;
  readonly correlationMinimumSamples?: number;
  /** The checks to run (default: every check, in the documented order). */
  readonly chain?: PreTradeCheckChain;
  /** How a signal is sized (risk.sizing); default: the fixed fraction risk_limits.position_fraction. */
  readonly sizer?: PositionSizer | undefined;
  /** How signals reach it (default at-least-once); exactly-once (a backtest): no assessment ids are kept. */
  readonly delivery?: Delivery | undefined;
}

/** An order to check that did not come from a signal: an algorithm's child order or a liquidation. */
export interface OrderToCheck {
  readonly origin: OrderOrigin;
  readonly strategyId: string;
  readonly symbol: Ticker;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly orderType: OrderType;
  readonly limitPrice: Price | null;
  readonly stopPrice: Price | null;
  /** Only shrinks the position (flatten, liquidation): passes the kill switch, rate and notional limits. */
  readonly reduceOnly: boolean;
  /**
   * The caller has canceled every working order of the account on the symbol before this one: the
   * wash-trade check no longer counts them (their cancel events may reach risk after this check).
   */
  readonly cancelsFirst?: boolean;
}

/** The limits of a RiskLimits block as check limits (absent check limits are off). */
export function preTradeLimitsOf(limits: RiskLimits): PreTradeLimits {
  return {
    ...permissivePreTradeLimits,
    maxPositionSize: limits.maxPositionSize,
    maxSectorExposure: limits.maxSectorExposure,
    dailyLossLimit: limits.dailyLossLimit.toNumber(),
    ...limits.checks,
  };
}

interface WorkingOrder {
  readonly key: string;
  readonly quantity: number;
  filled: number;
}

type Decision =
  | { approved: true; side: OrderSide; quantity: number; sizing: string }
  | { approved: false; code: OutcomeCode; detail: string; refusal?: CheckRefusal };

/** What sizing decided for a signal: the target position and why, or a refusal. */
type Sizing = { target: number; sizing: string } | Decision;

/** A refusal decided before the checks (one function, not a closure made at every signal). */
function reject(code: OutcomeCode, detail = ''): Decision {
  return { approved: false, code, detail };
}

/** The strategy id of operator orders (matches the executor's manualStrategyId). */
const manualStrategy = 'manual' as StrategyId;

/** The labels of an approval's count: one object for every approval (counted on every signal). */
const approvedLabels = { decision: 'approved' } as const;

const terminalOrderEvents = new Set<string>([
  'OrderDenied',
  'OrderRejected',
  'OrderCanceled',
  'OrderExpired',
]);

export class RiskEngine {
  private readonly instruments: Map<string, Instrument>;
  private readonly subscriptions: Subscription[] = [];
  private readonly metrics: EngineMetrics;
  /** (strategy, symbol) pairs with an approved order still working, so one signal is not traded twice. */
  private readonly pendingKeys = new SteadySet<string>();
  private readonly workingOrders = new SteadyMap<string, WorkingOrder>();
  private readonly assessmentKeys = new SteadyMap<string, { key: string; quantity: number }>();
  /** The pre-trade checks and the state they read. */
  private readonly gate: PreTradeGate;
  private readonly journal: AssessmentJournal;
  private approvedCount = 0;
  private rejectedCount = 0;
  /** The risk day whose daily loss alert was raised (one alert per risk day); NaN: none yet. */
  private dailyLossAlertDay = Number.NaN;
  /** Assessment ids already decided in this process (a redelivered signal is not assessed again). */
  private readonly assessed: AppliedIds;
  /**
   * Read at every bar: a field of this class, not of `options` (an object literal, whose field types
   * V8 widens at its second evaluation, the second backtest of a process, discarding code read from it).
   */
  private readonly clock: Clock;
  /** The "strategy|symbol" key of each pair, made once (a joined text per signal was hashed anew). */
  private readonly keys = new Map<string, Map<string, string>>();
  /** Assessment ids: deriveUuid('assessment', account, signal or request id), the prefix hashed once. */
  private readonly assessmentIds: UuidDeriver;

  constructor(private readonly options: RiskEngineOptions) {
    this.clock = options.clock;
    this.assessmentIds = new UuidDeriver('assessment', options.accountId);
    this.assessed = appliedIdsFor(options.delivery);
    this.instruments = new Map(
      options.instruments.map((instrument) => [instrument.symbol as string, instrument]),
    );
    this.metrics = options.metrics ?? noMetrics;
    this.journal = options.journal ?? new PublishingAssessmentJournal(options.bus);
    this.gate = new PreTradeGate({
      portfolio: options.portfolio,
      instruments: options.instruments,
      accountId: options.accountId,
      limits: preTradeLimitsOf(options.limits),
      allowShort: options.limits.allowShort,
      restrictedSymbols: options.limits.restrictedSymbols ?? [],
      accountKind: options.accountKind ?? 'cash',
      commissionOf: options.commissionOf,
      onDayStateChange: options.onDayStateChange,
      correlationWindow: options.correlationWindow ?? 60,
      correlationMinimumSamples: options.correlationMinimumSamples ?? 20,
      chain: options.chain,
      tradingDays: options.tradingDays,
    });
  }

  /** The kill switch, per-symbol halts and the restricted list. */
  get controls(): RiskControls {
    return this.gate.controls;
  }
  /** The limits in force: configured defaults with per-account, strategy and symbol overrides. */
  get limitBook(): LimitBook {
    return this.gate.limitBook;
  }
  /** Day start equity and high-water mark (daily loss and drawdown), stored on every change. */
  get dayState(): RiskDayState {
    return this.gate.dayState;
  }

  /** The account's equity now as raw money (the day state's loss and drawdown are measured on it). */
  currentEquityRaw(): number {
    return this.options.portfolio.equityRaw();
  }

  /** The names of the checks every order runs through, in order. */
  get checkNames(): readonly string[] {
    return this.gate.chain.names;
  }

  get approvals(): number {
    return this.approvedCount;
  }
  get rejections(): number {
    return this.rejectedCount;
  }
  /** Why trading is halted, or null while it is not. */
  get killSwitchReason(): string | null {
    return this.controls.killSwitch?.reason ?? null;
  }

  get isHalted(): boolean {
    return this.controls.killSwitch !== null;
  }

  /** The kill switch: refuse every order but forced reductions until resumed (the service stores it). */
  halt(reason = 'kill switch'): void {
    this.controls.killSwitch = { reason };
  }
  resume(): void {
    this.controls.killSwitch = null;
  }

  /** Manual override mode: strategies' signals are refused (RISK_MANUAL_OVERRIDE); requests still pass. */
  setManualOverride(reason: string | null): void {
    this.controls.manualOverride = reason === null ? null : { reason };
  }
  get manualOverrideReason(): string | null {
    return this.controls.manualOverride?.reason ?? null;
  }

  /** Refuses new risk in one symbol until resumed (a position that disagrees with the venue). */
  haltSymbol(symbol: string, reason: string): void {
    this.controls.symbolHalts.set(symbol, reason);
  }
  resumeSymbol(symbol: string): void {
    this.controls.symbolHalts.delete(symbol);
  }
  get symbolHalts(): ReadonlyMap<string, string> {
    return this.controls.symbolHalts;
  }

  /**
   * Restores the day state stored before a restart: the same day keeps its start equity (and so its
   * loss), and the high-water mark carries over. Then equity now is observed (a new day may start).
   */
  restoreDayState(record: RiskDayRecord | null): void {
    const now = this.clock.now();
    this.gate.dayState.restore(record, now);
    this.gate.observeEquity(now);
  }

  /** Books stored fills (oldest first) for the day-trade count after a restart. */
  restoreFills(fills: Parameters<PreTradeGate['restoreFills']>[0]): void {
    this.gate.restoreFills(fills);
  }

  /** The account's working orders on a symbol (what a reduction cancels before it sells). */
  workingOrderIds(symbol: Ticker): OrderId[] {
    return this.gate.workingOrderIds(symbol) as OrderId[];
  }

  /** Restores the account's working orders after a restart (wash-trade prevention). */
  restoreWorkingOrders(orders: readonly OrderRecord[]): void {
    this.gate.restoreWorkingOrders(orders);
  }

  /**
   * Restores the (strategy, symbol) pairs that have an order working or an approval not yet turned
   * into an order (a restart), so a restarted risk manager does not approve the same trade twice.
   */
  restorePending(
    entries: readonly {
      assessmentId: string;
      strategyId: string;
      symbol: string;
      orderId: string | null;
      quantity: number;
      filled: number;
    }[],
  ): void {
    for (const entry of entries) {
      const key = this.keyOf(entry.strategyId, entry.symbol);
      this.pendingKeys.add(key);
      this.assessed.add(entry.assessmentId);
      if (entry.orderId)
        this.workingOrders.set(entry.orderId, { key, quantity: entry.quantity, filled: entry.filled });
      // Not yet an order: its OrderInitialized (still to come) maps it to the key.
      else this.assessmentKeys.set(entry.assessmentId, { key, quantity: entry.quantity });
    }
  }

  start(): void {
    const { bus } = this.options;
    // The risk day starts at the equity now unless a stored day state was restored for today.
    this.gate.observeEquity(this.clock.now());
    const group = this.options.group ? { group: this.options.group } : {};
    this.subscriptions.push(
      bus.subscribe(topics.allSignals, (event) => this.onTradingEvent(event), group),
      bus.subscribe(topics.orderEvents, (event) => this.onTradingEvent(event), group),
      bus.subscribe(topics.tradingHalts, (event) => this.onTradingEvent(event), group),
      bus.subscribe(topics.ordersRequested, (event) => this.onTradingEvent(event), group),
      bus.subscribe(topics.allBars, (event) => this.onBarEvent(event), group),
    );
  }

  async stop(): Promise<void> {
    for (const subscription of this.subscriptions.splice(0)) await subscription.unsubscribe();
  }

  /** Lets go of the signals assessed and the orders followed (see `TradingKernel.discard`). */
  discard(): void {
    this.assessed.clear();
    this.assessmentKeys.clear();
    this.workingOrders.clear();
    this.pendingKeys.clear();
  }

  /**
   * The bars topic's handler (nearly every event of a backtest), apart from the other topics' handler:
   * its reads of the event see bars only. In a method that sees every kind of event, `event.type` is
   * V8's megamorphic load, paid at every bar. Small, it is inlined into the bus handler.
   */
  private onBarEvent(event: PlatformEvent): MaybePromise<void> {
    if (event.type === 'BarClosed') {
      this.gate.onBar(event.bar, this.clock.now());
      return;
    }
    return this.onTradingEvent(event);
  }

  private onTradingEvent(event: PlatformEvent): MaybePromise<void> {
    if (event.type === 'SignalGenerated') return this.assess(event);
    if (event.type === 'OrderRequested') {
      if (event.accountId !== this.options.accountId) return;
      return this.assessRequest(event);
    }
    this.gate.onOrderEvent(event, this.clock.now());
    if (event.type === 'TradingHaltChanged') {
      if (event.accountId !== this.options.accountId) return;
      if (event.halted) this.haltSymbol(event.symbol, event.reason);
      else this.resumeSymbol(event.symbol);
    } else if (event.type === 'OrderInitialized') {
      const pending = event.riskAssessmentId ? this.assessmentKeys.get(event.riskAssessmentId) : undefined;
      if (pending) {
        this.assessmentKeys.delete(event.riskAssessmentId as string);
        this.workingOrders.set(event.orderId, {
          key: pending.key,
          quantity: event.quantity.value,
          filled: 0,
        });
      }
    } else if (event.type === 'OrderFilled') {
      const working = this.workingOrders.get(event.orderId);
      if (working) {
        working.filled += event.lastQuantity.value;
        if (working.filled >= working.quantity) this.release(event.orderId);
      }
    } else if (terminalOrderEvents.has(event.type) && 'orderId' in event && event.orderId) {
      this.release(event.orderId);
    }
  }

  /** The pending key of a strategy and symbol: the same text object every time, hashed once. */
  private keyOf(strategyId: string, symbol: string): string {
    let bySymbol = this.keys.get(strategyId);
    if (bySymbol === undefined) {
      bySymbol = new Map();
      this.keys.set(strategyId, bySymbol);
    }
    let key = bySymbol.get(symbol);
    if (key === undefined) {
      key = `${strategyId}|${symbol}`;
      bySymbol.set(symbol, key);
    }
    return key;
  }

  private release(orderId: string): void {
    const working = this.workingOrders.get(orderId);
    if (!working) return;
    this.workingOrders.delete(orderId);
    this.pendingKeys.delete(working.key);
  }

  /**
   * Assesses one signal and stores and publishes the approval (an order to place) or the rejection.
   * The assessment id derives from the signal, so a redelivered signal is assessed once.
   */
  assess(signal: SignalGenerated): MaybePromise<void> {
    const assessmentId = this.assessmentIds.derive(signal.signalId) as RiskAssessmentId;
    if (this.assessed.has(assessmentId)) return;
    const started = this.options.timer?.now();
    // Marked assessed only once decided: a decision that throws leaves the signal to be tried again
    // (and dead-lettered if it keeps failing), never skipped as done when the bus redelivers it.
    // Before this, a throw left the signal marked assessed, and its redelivery was acknowledged
    // with no assessment stored.
    const decision = this.decide(signal);
    const now = this.clock.now();
    const eventId = this.options.ids.eventId();
    if (decision.approved) {
      const key = this.keyOf(signal.strategyId, signal.symbol);
      const approval: SignalApproved = {
        id: eventId,
        occurredAt: now,
        receivedAt: now,
        causationId: signal.id,
        type: 'SignalApproved',
        assessmentId,
        signalId: signal.signalId,
        accountId: this.options.accountId as SignalApproved['accountId'],
        strategyId: signal.strategyId,
        symbol: signal.symbol,
        side: decision.side,
        quantity: Quantity.of(decision.quantity),
        orderType: signal.limitPrice ? 'LIMIT' : 'MARKET',
        limitPrice: signal.limitPrice,
        timeInForce: 'DAY',
        sizing: decision.sizing,
      };
      // Added only when asked for (a spread of an empty object per approval cost more).
      if (signal.execution)
        (approval as { execution?: SignalApproved['execution'] }).execution = signal.execution;
      // The engine's state changes only once the decision is whole (nothing above may half-apply it).
      this.assessed.add(assessmentId);
      this.approvedCount++;
      this.pendingKeys.add(key);
      this.assessmentKeys.set(assessmentId, { key, quantity: decision.quantity });
      this.metrics.count('risk_assessments_total', approvedLabels);
      this.observe(started);
      return this.record(approval, key);
    } else {
      const rejection: SignalRejected = {
        id: eventId,
        occurredAt: now,
        receivedAt: now,
        causationId: signal.id,
        type: 'SignalRejected',
        assessmentId,
        signalId: signal.signalId,
        strategyId: signal.strategyId,
        symbol: signal.symbol,
        reasonCode: decision.code,
        reason: `${outcomeCatalogue[decision.code]} ${decision.detail}`.trim(),
        ...numbersOf(decision),
      };
      this.assessed.add(assessmentId);
      this.rejectedCount++;
      this.metrics.count('risk_assessments_total', { decision: 'rejected', reason: decision.code });
      this.observe(started);
      return this.record(rejection, null);
    }
  }

  /**
   * Stores and publishes a decision. An approval whose write failed is withdrawn (its strategy and
   * symbol released) and the failure propagates, so the signal is not acknowledged and comes again.
   */
  private record(decision: SignalApproved | SignalRejected, key: string | null): MaybePromise<void> {
    // A journal that answers at once (a backtest's) takes the synchronous path: no closures per signal.
    let stored: MaybePromise<boolean>;
    try {
      stored = this.journal.record(decision);
    } catch (error) {
      return this.recordFailed(decision, key, error);
    }
    if (isPromise(stored))
      return stored.then(
        (isNew) => this.recorded(decision, key, isNew),
        (error) => this.recordFailed(decision, key, error),
      );
    this.recorded(decision, key, stored);
  }

  /** Already stored by an earlier run (not new): that decision stands (and its order, if any, is restored). */
  private recorded(decision: SignalApproved | SignalRejected, key: string | null, isNew: boolean): void {
    if (!isNew) this.withdraw(decision, key);
  }

  private recordFailed(decision: SignalApproved | SignalRejected, key: string | null, error: unknown): never {
    this.assessed.delete(decision.assessmentId);
    this.withdraw(decision, key);
    throw error;
  }

  /** Releases the strategy and symbol an approval held (its record failed or an earlier one stands). */
  private withdraw(decision: SignalApproved | SignalRejected, key: string | null): void {
    if (!key) return;
    this.pendingKeys.delete(key);
    this.assessmentKeys.delete(decision.assessmentId);
  }

  private observe(started: number | undefined): void {
    if (started !== undefined && this.options.timer) {
      this.metrics.observeLatency('risk', this.options.timer.now() - started);
    }
  }

  private decide(signal: SignalGenerated): Decision {
    // Before anything else: in manual override mode no strategy trades, whatever its signal.
    const override = this.controls.manualOverride;
    if (override) return reject('RISK_MANUAL_OVERRIDE', `(${override.reason})`);
    const instrument = this.instruments.get(signal.symbol);
    if (!instrument) return reject('RISK_UNKNOWN_INSTRUMENT', `(${signal.symbol})`);
    const key = this.keyOf(signal.strategyId, signal.symbol);
    if (this.pendingKeys.has(key)) return reject('RISK_ORDER_PENDING');
    const { portfolio } = this.options;
    const mark = portfolio.mark(signal.symbol) ?? signal.referencePrice;
    if (!mark.isPositive()) return reject('RISK_NO_PRICE');
    const stale = this.staleness(signal.symbol);
    if (stale) return stale;
    const current = portfolio.strategyNetQuantity(signal.strategyId, signal.symbol);
    // The one sizing step: a position sizer plugs in here.
    const sized = this.size(signal, instrument, mark, current);
    if ('approved' in sized) return sized;
    const delta = sized.target - current;
    const side: OrderSide = delta > 0 ? 'BUY' : 'SELL';
    const quantity = Math.abs(delta);
    const refused = this.runChecks(
      'signal',
      signal.strategyId,
      instrument,
      side,
      quantity,
      signal.limitPrice ? 'LIMIT' : 'MARKET',
      signal.limitPrice,
      null,
      mark,
      false,
    );
    if (refused) return this.refusedDecision(refused);
    return { approved: true, side, quantity, sizing: sized.sizing };
  }

  /**
   * Sizing: the target position of the strategy in the symbol for a signal (today: a fixed fraction of
   * equity scaled by strength, in whole lots, buys fitted to the cash), or why there is none.
   */
  private size(signal: SignalGenerated, instrument: Instrument, mark: Price, current: number): Sizing {
    const { portfolio, limits } = this.options;
    if (signal.direction === 'FLAT') {
      if (current === 0) return reject('RISK_NOTHING_TO_CLOSE');
      return { target: 0, sizing: `close ${current}` };
    }
    if (signal.direction === 'SHORT' && !limits.allowShort) return reject('RISK_SHORT_NOT_ALLOWED');
    const direction = signal.direction === 'LONG' ? 1 : -1;
    if (Math.sign(current) === direction) return reject('RISK_ALREADY_POSITIONED', `(${current})`);
    const lot = instrument.lotSize.value;
    const sized = this.sizeBySizer({
      strategyId: signal.strategyId,
      symbol: signal.symbol,
      direction,
      strength: signal.strength,
      price: mark.toNumber(),
      lotSize: lot,
      equity: portfolio.equity().toNumber(),
      maxPositionFraction: limits.maxPositionSize,
    });
    let size = sized.quantity;
    if (direction > 0 && current >= 0) size = this.affordable(size, lot, mark);
    if (size <= 0) return reject('RISK_ZERO_QUANTITY', `(${sized.explanation})`);
    return {
      target: direction * size,
      sizing: size === sized.quantity ? sized.explanation : `${sized.explanation}; the cash pays for ${size}`,
    };
  }

  /** The configured sizer's quantity (default: fixed fraction of equity), checked to be whole lots. */
  private sizeBySizer(request: SizingRequest): SizingDecision {
    const { sizer, limits } = this.options;
    const sized = sizer ? sizer.size(request) : fixedFractionSize(request, limits.positionFraction);
    const { quantity } = sized;
    if (!(Number.isFinite(quantity) && quantity >= 0 && quantity % request.lotSize === 0))
      throw new RangeError(
        `position sizer ${sizer?.name ?? 'fixed fraction'} returned ${quantity} for ${request.symbol}: not whole lots of ${request.lotSize}`,
      );
    return sized;
  }

  /** The largest size (in lots, at most `size`) whose cost with its commission the cash pays for. */
  private affordable(size: number, lot: number, mark: Price): number {
    const cash = this.options.portfolio.cash();
    const commissionOf = this.options.commissionOf;
    const costOf = (quantity: number) => {
      const notional = Money.notional(mark, Quantity.of(quantity));
      return commissionOf ? notional.add(commissionOf(Quantity.of(quantity), mark)) : notional;
    };
    let fitted = size;
    // A few steps suffice: each one removes the overshoot the commission caused, in whole lots.
    for (let step = 0; step < 8 && fitted > 0 && costOf(fitted).compare(cash) > 0; step++) {
      const over = costOf(fitted).subtract(cash).toNumber();
      fitted -= Math.max(lot, Math.ceil(over / mark.toNumber() / lot) * lot);
    }
    return Math.max(0, fitted);
  }

  /**
   * Runs the pre-trade check chain on one order of this account; on a pass the order is counted for the
   * order and message rates. Returns the refusal, or null. The candidate and context objects are reused.
   */
  private runChecks(
    origin: OrderOrigin,
    strategyId: string,
    instrument: Instrument,
    side: OrderSide,
    quantity: number,
    orderType: OrderType,
    limitPrice: Price | null,
    stopPrice: Price | null,
    mark: Price,
    forced: boolean,
  ): CheckRefusal | null {
    const refused = this.gate.check(
      { origin, strategyId, instrument, side, quantity, orderType, limitPrice, stopPrice, mark, forced },
      this.clock.now(),
    );
    if (refused?.code === 'RISK_DAILY_LOSS_LIMIT') this.alertDailyLoss(refused.actual);
    return refused;
  }

  private refusedDecision(refused: CheckRefusal): Decision {
    return { approved: false, code: refused.code, detail: refused.detail, refusal: refused };
  }

  /**
   * Checks an order that does not pass through a signal or a request: an execution algorithm's child
   * order or a liquidation (reduce-only). Returns the refusal, or null when it may go to the venue.
   */
  checkOrder(order: OrderToCheck): CheckRefusal | null {
    const instrument = this.instruments.get(order.symbol);
    const unknown = (code: OutcomeCode, detail: string): CheckRefusal => ({
      code,
      check: 'instrument',
      limit: '',
      actual: order.symbol,
      detail,
    });
    if (!instrument) return unknown('RISK_UNKNOWN_INSTRUMENT', `(${order.symbol})`);
    if (order.cancelsFirst) this.gate.forgetWorkingOrders(order.symbol);
    const mark = this.options.portfolio.mark(order.symbol) ?? order.limitPrice;
    if (!mark?.isPositive()) return unknown('RISK_NO_PRICE', `(${order.symbol})`);
    return this.runChecks(
      order.origin,
      order.strategyId,
      instrument,
      order.side,
      order.quantity,
      order.orderType,
      order.limitPrice,
      order.stopPrice,
      mark,
      order.reduceOnly,
    );
  }

  /**
   * Assesses an operator's order request as it stands (no sizing): the same limits as a signal, short
   * sales by the same rule; a reduce-only request (flattening) passes halts and limits alike.
   */
  assessRequest(request: OrderRequested): MaybePromise<void> {
    const assessmentId = this.assessmentIds.derive(request.requestId) as RiskAssessmentId;
    if (this.assessed.has(assessmentId)) return;
    this.assessed.add(assessmentId);
    // A flatten cancels the symbol's working orders first: their cancel events may reach risk after
    // this request, and it must not be refused as a wash trade against orders on their way out.
    const cancelsFirst = request.cancelsFirst;
    if (cancelsFirst) this.gate.forgetWorkingOrders(request.symbol);
    const decision = this.decideRequest(request);
    const now = this.clock.now();
    const header = {
      id: this.options.ids.eventId(),
      occurredAt: now,
      receivedAt: now,
      causationId: request.id,
    };
    if (!decision.approved) {
      this.rejectedCount++;
      this.metrics.count('risk_assessments_total', { decision: 'rejected', reason: decision.code });
      return this.record(
        {
          ...header,
          type: 'SignalRejected',
          assessmentId,
          signalId: request.requestId,
          strategyId: manualStrategy,
          symbol: request.symbol,
          reasonCode: decision.code,
          reason: `${outcomeCatalogue[decision.code]} ${decision.detail}`.trim(),
          ...numbersOf(decision),
        },
        null,
      );
    }
    this.approvedCount++;
    this.metrics.count('risk_assessments_total', approvedLabels);
    return this.record(
      {
        ...header,
        type: 'SignalApproved',
        assessmentId,
        signalId: request.requestId,
        accountId: this.options.accountId as SignalApproved['accountId'],
        strategyId: manualStrategy,
        symbol: request.symbol,
        side: request.side,
        quantity: request.quantity,
        orderType: request.orderType,
        limitPrice: request.limitPrice,
        stopPrice: request.stopPrice,
        timeInForce: request.timeInForce,
        sizing: `requested by ${request.requestedBy}${request.reduceOnly ? ' (reduce only)' : ''}`,
        ...(cancelsFirst ? { cancelsFirst } : {}),
      },
      null,
    );
  }

  private decideRequest(request: OrderRequested): Decision {
    const instrument = this.instruments.get(request.symbol);
    if (!instrument) return reject('RISK_UNKNOWN_INSTRUMENT', `(${request.symbol})`);
    const quantity = request.quantity.value;
    if (quantity % instrument.lotSize.value !== 0)
      return reject(
        'RISK_ZERO_QUANTITY',
        `(${quantity} is not a multiple of the lot size ${instrument.lotSize.value})`,
      );
    const net = this.options.portfolio.netQuantity(request.symbol);
    const after = net + (request.side === 'BUY' ? quantity : -quantity);
    const reduces = Math.abs(after) <= Math.abs(net) && Math.sign(after) * Math.sign(net) >= 0;
    if (request.reduceOnly && !reduces)
      return reject(
        'RISK_NOTHING_TO_CLOSE',
        `(${request.side} ${quantity} would not reduce the position of ${net})`,
      );
    const mark = this.options.portfolio.mark(request.symbol) ?? request.limitPrice;
    if (!mark?.isPositive()) {
      // A flatten with no price known has nothing to compare a price with: it only shrinks the position.
      if (request.reduceOnly) return { approved: true, side: request.side, quantity, sizing: 'reduce only' };
      return reject('RISK_NO_PRICE');
    }
    // A flatten does not wait for a fresh quote; an order that adds risk does.
    if (!request.reduceOnly) {
      const stale = this.staleness(request.symbol);
      if (stale) return stale;
    }
    const refused = this.runChecks(
      'manual',
      manualStrategy,
      instrument,
      request.side,
      quantity,
      request.orderType,
      request.limitPrice,
      request.stopPrice,
      mark,
      request.reduceOnly,
    );
    if (refused) return this.refusedDecision(refused);
    return {
      approved: true,
      side: request.side,
      quantity,
      sizing: request.reduceOnly ? 'reduce only' : 'as requested',
    };
  }

  /** Refuses a price older than the configured age (market time); null when fresh. */
  private staleness(symbol: Ticker): Decision | null {
    const maxAge = this.options.maxPriceAgeMilliseconds;
    if (maxAge === undefined) return null;
    const seenAt = this.options.portfolio.markTime(symbol);
    const age = seenAt === null ? null : this.clock.now() - seenAt;
    if (age !== null && age <= maxAge) return null;
    return {
      approved: false,
      code: 'RISK_STALE_PRICE',
      detail: `(${symbol}: ${age === null ? 'no quote seen' : `last price ${age} ms old`}, limit ${maxAge} ms)`,
    };
  }

  private alertDailyLoss(dayLoss: string): void {
    // The refusal read the risk day, so it is set; a new risk day may alert again.
    const day = this.gate.dayState.current?.day ?? Number.NaN;
    if (day === this.dailyLossAlertDay) return;
    this.dailyLossAlertDay = day;
    const now = this.clock.now();
    this.options.bus.publish(topics.riskAlerts, {
      type: 'RiskAlertRaised',
      id: this.options.ids.eventId(),
      occurredAt: now,
      receivedAt: now,
      causationId: null,
      code: 'RISK_DAILY_LOSS_LIMIT',
      severity: 'critical',
      message: `day loss ${dayLoss} reached daily_loss_limit ${this.limitBook.forAccount().dailyLossLimit}; new risk refused`,
    });
  }

  /** Lets the daily loss alert be raised again (at each session's open); a new risk day does too. */
  startDay(): void {
    this.dailyLossAlertDay = Number.NaN;
  }
}

/** The check and the numbers that decided a refusal, for the rejection event. */
function numbersOf(decision: Decision): { check?: string; limit?: string; actual?: string } {
  if (decision.approved || !decision.refusal) return {};
  const { check, limit, actual } = decision.refusal;
  return { check, limit, actual };
}
