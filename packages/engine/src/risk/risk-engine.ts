// The Risk Manager's engine: sizes each signal from equity and checks it against the limits.
import {
  type Clock,
  deriveUuid,
  fixedFractionSize,
  type IdGenerator,
  type Instrument,
  type MessageBus,
  Money,
  type OrderRequested,
  type OrderSide,
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
  type StrategyId,
  type Subscription,
  type Ticker,
  topics,
} from '@ats/core';
import { attempt, type MaybePromise } from '../execution/maybe-async.js';
import { type EngineMetrics, type MonotonicTimer, noMetrics } from '../metrics/engine-metrics.js';
import type { PortfolioView } from '../portfolio/portfolio-view.js';
import { type AssessmentJournal, PublishingAssessmentJournal } from './assessment-journal.js';
import type { RiskLimits } from './risk-limits.js';

export interface RiskEngineOptions {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly portfolio: PortfolioView;
  readonly instruments: readonly Instrument[];
  readonly limits: RiskLimits;
  readonly accountId: string;
  readonly metrics?: EngineMetrics;
  readonly timer?: MonotonicTimer;
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
  readonly commissionOf?: (quantity: Quantity, price: Price) => Money;
  /** How a signal is sized (risk.sizing); default: the fixed fraction risk_limits.position_fraction. */
  readonly sizer?: PositionSizer;
}

interface WorkingOrder {
  readonly key: string;
  readonly quantity: number;
  filled: number;
}

type Decision =
  | { approved: true; side: OrderSide; quantity: number; sizing: string }
  | { approved: false; code: OutcomeCode; detail: string };

/** The strategy id of operator orders (matches the executor's manualStrategyId). */
const manualStrategy = 'manual' as StrategyId;

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
  private readonly pendingKeys = new Set<string>();
  private readonly workingOrders = new Map<string, WorkingOrder>();
  private readonly assessmentKeys = new Map<string, { key: string; quantity: number }>();
  private halted = false;
  /** Symbols halted by reconciliation or an operator, with the reason. */
  private readonly haltedSymbols = new Map<string, string>();
  private readonly journal: AssessmentJournal;
  private approvedCount = 0;
  private rejectedCount = 0;
  private dailyLossAlerted = false;
  /** Assessment ids already decided in this process (a redelivered signal is not assessed again). */
  private readonly assessed = new Set<string>();

  constructor(private readonly options: RiskEngineOptions) {
    this.instruments = new Map(
      options.instruments.map((instrument) => [instrument.symbol as string, instrument]),
    );
    this.metrics = options.metrics ?? noMetrics;
    this.journal = options.journal ?? new PublishingAssessmentJournal(options.bus);
  }

  get approvals(): number {
    return this.approvedCount;
  }
  get rejections(): number {
    return this.rejectedCount;
  }
  get isHalted(): boolean {
    return this.halted;
  }

  /** The kill switch: refuse every new signal until resumed. */
  halt(): void {
    this.halted = true;
  }
  resume(): void {
    this.halted = false;
  }

  /** Refuses new risk in one symbol until resumed (a position that disagrees with the venue). */
  haltSymbol(symbol: string, reason: string): void {
    this.haltedSymbols.set(symbol, reason);
  }
  resumeSymbol(symbol: string): void {
    this.haltedSymbols.delete(symbol);
  }
  get symbolHalts(): ReadonlyMap<string, string> {
    return this.haltedSymbols;
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
      const key = `${entry.strategyId}|${entry.symbol}`;
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
    const group = this.options.group ? { group: this.options.group } : {};
    this.subscriptions.push(
      bus.subscribe(topics.allSignals, (event) => this.onEvent(event), group),
      bus.subscribe(topics.orderEvents, (event) => this.onEvent(event), group),
      bus.subscribe(topics.tradingHalts, (event) => this.onEvent(event), group),
      bus.subscribe(topics.ordersRequested, (event) => this.onEvent(event), group),
    );
  }

  async stop(): Promise<void> {
    for (const subscription of this.subscriptions.splice(0)) await subscription.unsubscribe();
  }

  private onEvent(event: PlatformEvent): MaybePromise<void> {
    if (event.type === 'SignalGenerated') return this.assess(event);
    if (event.type === 'OrderRequested') {
      if (event.accountId !== this.options.accountId) return;
      return this.assessRequest(event);
    }
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
    const assessmentId = deriveUuid(
      'assessment',
      this.options.accountId,
      signal.signalId,
    ) as RiskAssessmentId;
    if (this.assessed.has(assessmentId)) return;
    this.assessed.add(assessmentId);
    const started = this.options.timer?.now();
    const decision = this.decide(signal);
    const now = this.options.clock.now();
    const eventId = this.options.ids.eventId();
    if (decision.approved) {
      this.approvedCount++;
      const key = `${signal.strategyId}|${signal.symbol}`;
      this.pendingKeys.add(key);
      this.assessmentKeys.set(assessmentId, { key, quantity: decision.quantity });
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
      this.metrics.count('risk_assessments_total', { decision: 'approved' });
      this.observe(started);
      return this.record(approval, key);
    } else {
      this.rejectedCount++;
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
      };
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
    const withdraw = () => {
      if (!key) return;
      this.pendingKeys.delete(key);
      this.assessmentKeys.delete(decision.assessmentId);
    };
    const failed = (error: unknown): never => {
      this.assessed.delete(decision.assessmentId);
      withdraw();
      throw error;
    };
    // Already stored by an earlier run: that decision stands (and its order, if any, is restored).
    const stored = (isNew: boolean) => {
      if (!isNew) withdraw();
    };
    return attempt(() => this.journal.record(decision), stored, failed);
  }

  private observe(started: number | undefined): void {
    if (started !== undefined && this.options.timer) {
      this.metrics.observeLatency('risk', this.options.timer.now() - started);
    }
  }

  private decide(signal: SignalGenerated): Decision {
    const reject = (code: OutcomeCode, detail = ''): Decision => ({ approved: false, code, detail });
    if (this.halted) return reject('RISK_TRADING_HALTED');
    const instrument = this.instruments.get(signal.symbol);
    if (!instrument) return reject('RISK_UNKNOWN_INSTRUMENT', `(${signal.symbol})`);
    const haltReason = this.haltedSymbols.get(signal.symbol);
    if (haltReason !== undefined) return reject('RISK_SYMBOL_HALTED', `(${signal.symbol}: ${haltReason})`);
    const key = `${signal.strategyId}|${signal.symbol}`;
    if (this.pendingKeys.has(key)) return reject('RISK_ORDER_PENDING');
    const { portfolio, limits } = this.options;
    const mark = portfolio.mark(signal.symbol) ?? signal.referencePrice;
    if (!mark.isPositive()) return reject('RISK_NO_PRICE');
    const stale = this.staleness(signal.symbol);
    if (stale) return stale;
    const current = portfolio.strategyNetQuantity(signal.strategyId, signal.symbol);
    const equity = portfolio.equity();
    let target: number;
    let sizing: string;
    if (signal.direction === 'FLAT') {
      if (current === 0) return reject('RISK_NOTHING_TO_CLOSE');
      target = 0;
      sizing = `close ${current}`;
    } else {
      if (signal.direction === 'SHORT' && !limits.allowShort) return reject('RISK_SHORT_NOT_ALLOWED');
      const direction = signal.direction === 'LONG' ? 1 : -1;
      if (Math.sign(current) === direction) return reject('RISK_ALREADY_POSITIONED', `(${current})`);
      const lot = instrument.lotSize.value;
      const sized = this.size({
        strategyId: signal.strategyId,
        symbol: signal.symbol,
        direction,
        strength: signal.strength,
        price: mark.toNumber(),
        lotSize: lot,
        equity: equity.toNumber(),
        maxPositionFraction: limits.maxPositionSize,
      });
      let size = sized.quantity;
      if (direction > 0 && current >= 0) size = this.affordable(size, lot, mark);
      if (size <= 0) return reject('RISK_ZERO_QUANTITY', `(${sized.explanation})`);
      target = direction * size;
      sizing =
        size === sized.quantity ? sized.explanation : `${sized.explanation}; the cash pays for ${size}`;
    }
    const delta = target - current;
    const side: OrderSide = delta > 0 ? 'BUY' : 'SELL';
    const quantity = Math.abs(delta);
    const refused = this.exposureCheck(instrument, signal.symbol, side, quantity, mark);
    if (refused) return refused;
    return { approved: true, side, quantity, sizing };
  }

  /** The configured sizer's quantity (default: fixed fraction of equity), checked to be whole lots. */
  private size(request: SizingRequest): SizingDecision {
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
   * The limits an order that adds exposure must pass: daily loss, position size, sector exposure, cash.
   * An order that only shrinks the position passes them. Returns the rejection, or null.
   */
  private exposureCheck(
    instrument: Instrument,
    symbol: Ticker,
    side: OrderSide,
    quantity: number,
    mark: Price,
  ): Decision | null {
    const reject = (code: OutcomeCode, detail = ''): Decision => ({ approved: false, code, detail });
    const { portfolio, limits } = this.options;
    const equity = portfolio.equity();
    const accountNet = portfolio.netQuantity(symbol);
    const after = accountNet + (side === 'BUY' ? quantity : -quantity);
    if (Math.abs(after) <= Math.abs(accountNet)) return null;
    const dayLoss = portfolio.dayStartEquity().subtract(equity);
    if (dayLoss.compare(limits.dailyLossLimit) >= 0) {
      this.alertDailyLoss(dayLoss);
      return reject('RISK_DAILY_LOSS_LIMIT', `(day loss ${dayLoss})`);
    }
    const positionValue = Math.abs(after) * mark.toNumber();
    if (positionValue > limits.maxPositionSize * equity.toNumber() + 1e-6) {
      return reject(
        'RISK_MAX_POSITION_SIZE',
        `(${positionValue.toFixed(2)} > ${limits.maxPositionSize} x ${equity})`,
      );
    }
    const sectorValue = this.sectorExposure(instrument.sector, symbol) + positionValue;
    if (sectorValue > limits.maxSectorExposure * equity.toNumber() + 1e-6) {
      return reject('RISK_MAX_SECTOR_EXPOSURE', `(${instrument.sector} ${sectorValue.toFixed(2)})`);
    }
    const cost = Money.notional(mark, Quantity.of(quantity));
    if (side === 'BUY' && cost.compare(portfolio.cash()) > 0) {
      return reject('RISK_INSUFFICIENT_CASH', `(need ${cost}, have ${portfolio.cash()})`);
    }
    return null;
  }

  /**
   * Assesses an operator's order request as it stands (no sizing): the same limits as a signal, short
   * sales by the same rule; a reduce-only request (flattening) passes halts and limits alike.
   */
  assessRequest(request: OrderRequested): MaybePromise<void> {
    const assessmentId = deriveUuid(
      'assessment',
      this.options.accountId,
      request.requestId,
    ) as RiskAssessmentId;
    if (this.assessed.has(assessmentId)) return;
    this.assessed.add(assessmentId);
    const decision = this.decideRequest(request);
    const now = this.options.clock.now();
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
        },
        null,
      );
    }
    this.approvedCount++;
    this.metrics.count('risk_assessments_total', { decision: 'approved' });
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
      },
      null,
    );
  }

  private decideRequest(request: OrderRequested): Decision {
    const reject = (code: OutcomeCode, detail = ''): Decision => ({ approved: false, code, detail });
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
    if (request.reduceOnly) {
      return reduces
        ? { approved: true, side: request.side, quantity, sizing: 'reduce only' }
        : reject(
            'RISK_NOTHING_TO_CLOSE',
            `(${request.side} ${quantity} would not reduce the position of ${net})`,
          );
    }
    if (this.halted) return reject('RISK_TRADING_HALTED');
    const haltReason = this.haltedSymbols.get(request.symbol);
    if (haltReason !== undefined) return reject('RISK_SYMBOL_HALTED', `(${request.symbol}: ${haltReason})`);
    if (after < 0 && !this.options.limits.allowShort) return reject('RISK_SHORT_NOT_ALLOWED');
    const mark = this.options.portfolio.mark(request.symbol) ?? request.limitPrice;
    if (!mark?.isPositive()) return reject('RISK_NO_PRICE');
    const stale = this.staleness(request.symbol);
    if (stale) return stale;
    return (
      this.exposureCheck(instrument, request.symbol, request.side, quantity, mark) ?? {
        approved: true,
        side: request.side,
        quantity,
        sizing: 'as requested',
      }
    );
  }

  /** Refuses a price older than the configured age (market time); null when fresh. */
  private staleness(symbol: Ticker): Decision | null {
    const maxAge = this.options.maxPriceAgeMilliseconds;
    if (maxAge === undefined) return null;
    const seenAt = this.options.portfolio.markTime(symbol);
    const age = seenAt === null ? null : this.options.clock.now() - seenAt;
    if (age !== null && age <= maxAge) return null;
    return {
      approved: false,
      code: 'RISK_STALE_PRICE',
      detail: `(${symbol}: ${age === null ? 'no quote seen' : `last price ${age} ms old`}, limit ${maxAge} ms)`,
    };
  }

  /** Gross market value of the sector's other positions. */
  private sectorExposure(sector: string, excluding: Ticker): number {
    let total = 0;
    for (const instrument of this.instruments.values()) {
      if (instrument.sector !== sector || instrument.symbol === excluding) continue;
      const net = this.options.portfolio.netQuantity(instrument.symbol);
      if (net === 0) continue;
      const mark = this.options.portfolio.mark(instrument.symbol);
      if (mark) total += Math.abs(net) * mark.toNumber();
    }
    return total;
  }

  private alertDailyLoss(dayLoss: Money): void {
    if (this.dailyLossAlerted) return;
    this.dailyLossAlerted = true;
    const now = this.options.clock.now();
    this.options.bus.publish(topics.riskAlerts, {
      type: 'RiskAlertRaised',
      id: this.options.ids.eventId(),
      occurredAt: now,
      receivedAt: now,
      causationId: null,
      code: 'RISK_DAILY_LOSS_LIMIT',
      severity: 'critical',
      message: `day loss ${dayLoss} reached daily_loss_limit ${this.options.limits.dailyLossLimit}; new risk refused`,
    });
  }

  /** Resets the per-day alert (called at the start of each trading day). */
  startDay(): void {
    this.dailyLossAlerted = false;
  }
}
