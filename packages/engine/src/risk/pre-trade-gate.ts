// The state the pre-trade checks read and the one place an order is run through them: limits in
// force, controls, the risk day, rates, day trades, own working orders, correlations and the exposure
// snapshot. The risk engine feeds it events and asks it about each order; the candidate and context
// objects are reused, so a passing order allocates (almost) nothing.
import type {
  Bar,
  Instrument,
  Money,
  OrderRecord,
  OrderSide,
  OrderType,
  PlatformEvent,
  Price,
  Quantity,
  Ticker,
} from '@ats/core';
import { Price as PriceValue } from '@ats/core';
import type { PortfolioView } from '../portfolio/portfolio-view.js';
import type { CheckContext, CheckRefusal, OrderCandidate, OrderOrigin } from './checks/pre-trade-check.js';
import { PreTradeCheckChain } from './checks/pre-trade-check-chain.js';
import { DayTradeCounter } from './day-trade-counter.js';
import { LimitBook } from './limit-book.js';
import { OrderRates } from './order-rates.js';
import { PortfolioExposure } from './portfolio-exposure.js';
import type { PreTradeLimits } from './pre-trade-limits.js';
import { ReturnCorrelations } from './return-correlations.js';
import { RiskControls } from './risk-controls.js';
import { type RiskDayRecord, RiskDayState } from './risk-day-state.js';
import type { TradingDays } from './trading-days.js';
import { WorkingOrderBook } from './working-order-book.js';

export interface PreTradeGateOptions {
  readonly portfolio: PortfolioView;
  readonly instruments: readonly Instrument[];
  readonly accountId: string;
  readonly limits: PreTradeLimits;
  readonly allowShort: boolean;
  readonly restrictedSymbols: readonly string[];
  readonly accountKind: 'cash' | 'margin';
  readonly commissionOf: ((quantity: Quantity, price: Price) => Money) | undefined;
  readonly onDayStateChange: ((record: RiskDayRecord) => void) | undefined;
  readonly correlationWindow: number;
  readonly correlationMinimumSamples: number;
  readonly chain: PreTradeCheckChain | undefined;
  /** The exchange's trading days: the pattern-day-trader rule's business days and the risk day's date. */
  readonly tradingDays: TradingDays | undefined;
}

/** An order to run through the checks, as the engine describes it. */
export interface GateOrder {
  readonly origin: OrderOrigin;
  readonly strategyId: string;
  readonly instrument: Instrument;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly orderType: OrderType;
  readonly limitPrice: Price | null;
  readonly stopPrice: Price | null;
  readonly mark: Price;
  /** Reduce-only (flatten, liquidation). */
  readonly forced: boolean;
}

export class PreTradeGate {
  readonly controls = new RiskControls();
  readonly limitBook: LimitBook;
  readonly dayState: RiskDayState;
  readonly chain: PreTradeCheckChain;
  private readonly instrumentIndex = new Map<string, number>();
  private readonly rates = new OrderRates();
  private readonly dayTrades: DayTradeCounter;
  private readonly workingOrders = new WorkingOrderBook();
  private readonly correlations: ReturnCorrelations;
  private readonly exposure: PortfolioExposure;
  private readonly candidate: OrderCandidate;
  private readonly context: CheckContext;
  /**
   * Read at every bar: a field of this class, not of `options` (an object literal, whose field types
   * V8 widens at its second evaluation, the second backtest of a process, discarding code read from it).
   */
  private readonly portfolio: PortfolioView;

  constructor(private readonly options: PreTradeGateOptions) {
    this.portfolio = options.portfolio;
    for (const [index, instrument] of options.instruments.entries())
      this.instrumentIndex.set(instrument.symbol, index);
    this.limitBook = new LimitBook(options.limits);
    this.dayTrades = new DayTradeCounter(options.tradingDays);
    for (const symbol of options.restrictedSymbols)
      this.controls.restricted.set(symbol, 'risk_limits.restricted_symbols');
    // The risk day is the exchange's date, as the pattern-day-trader rule counts days.
    this.dayState = new RiskDayState(options.onDayStateChange, options.tradingDays);
    this.chain = options.chain ?? new PreTradeCheckChain();
    this.correlations = new ReturnCorrelations(
      this.instrumentIndex,
      options.correlationWindow,
      options.correlationMinimumSamples,
    );
    this.exposure = new PortfolioExposure(options.instruments);
    this.candidate = {
      origin: 'signal',
      strategyId: '',
      instrument: options.instruments[0] as Instrument,
      instrumentIndex: 0,
      side: 'BUY',
      quantity: 0,
      orderType: 'MARKET',
      limitPrice: null,
      stopPrice: null,
      mark: PriceValue.of('1'),
      price: 0,
      positionBefore: 0,
      positionAfter: 0,
      reducing: false,
      forced: false,
    };
    const defaults = this.limitBook.defaultLimits;
    this.context = {
      now: 0,
      equityRaw: 0,
      cash: options.portfolio.cash(),
      limits: defaults,
      accountLimits: defaults,
      strategyLimits: defaults,
      controls: this.controls,
      day: this.dayState,
      rates: this.rates,
      correlations: this.correlations,
      dayTrades: this.dayTrades,
      workingOrders: this.workingOrders,
      exposure: this.exposure,
      accountKind: options.accountKind,
      commissionOf: options.commissionOf,
      allowShort: options.allowShort,
    };
  }

  /** Equity seen at `now`: the risk day may start, the high-water mark may rise. */
  observeEquity(now: number): void {
    this.dayState.observe(this.portfolio.equityRaw(), now);
  }

  /** A closed bar: a return row for the correlations, and equity observed. */
  onBar(bar: Bar, now: number): void {
    this.correlations.onClose(bar.symbol, bar.time, bar.close.toNumber());
    // The high-water mark and the day's start follow equity at each bar, not only at orders.
    this.observeEquity(now);
  }

  /** An order event: own working orders, message counts and the day-trade count follow it. */
  onOrderEvent(event: PlatformEvent, now: number): void {
    if (event.type === 'OrderInitialized') {
      if (event.accountId === this.options.accountId) this.workingOrders.onEvent(event);
      return;
    }
    if (event.type === 'OrderPendingCancel' || event.type === 'OrderPendingUpdate') {
      const strategyId = this.workingOrders.strategyOf(event.orderId);
      if (strategyId !== undefined) this.rates.recordMessage(strategyId, now);
    } else if (event.type === 'OrderFilled' && event.accountId === this.options.accountId) {
      this.dayTrades.onFill(
        event.orderId,
        event.symbol,
        event.side,
        event.lastQuantity.value,
        event.occurredAt,
      );
    }
    this.workingOrders.onEvent(event);
  }

  /** Books stored fills (oldest first) for the day-trade count after a restart. */
  restoreFills(
    fills: readonly {
      orderId: string;
      symbol: string;
      side: OrderSide;
      lastQuantity: Quantity;
      occurredAt: number;
    }[],
  ): void {
    for (const fill of fills)
      this.dayTrades.onFill(fill.orderId, fill.symbol, fill.side, fill.lastQuantity.value, fill.occurredAt);
  }

  /** The account's working orders on a symbol, by id. */
  workingOrderIds(symbol: string): string[] {
    return this.workingOrders.idsOf(symbol);
  }

  /** A request cancels all of a symbol's working orders first: the wash-trade check no longer counts them. */
  forgetWorkingOrders(symbol: string): void {
    this.workingOrders.forgetSymbol(symbol);
  }

  /** Restores the account's working orders after a restart (wash-trade prevention). */
  restoreWorkingOrders(orders: readonly OrderRecord[]): void {
    for (const order of orders) {
      const stop =
        order.orderType === 'STOP' || order.orderType === 'STOP_LIMIT' || order.orderType === 'TRAILING_STOP';
      this.workingOrders.add(order.symbol, {
        orderId: order.id,
        strategyId: order.strategyId,
        side: order.side,
        limit: order.price ? order.price.toNumber() : null,
        active: !stop || order.status === 'TRIGGERED',
        quantity: order.quantity,
        filled: order.filledQuantity,
      });
    }
  }

  /**
   * Runs the chain on one order of the account at `now`; a passing order is counted for the order and
   * message rates. Returns the refusal, or null.
   */
  check(order: GateOrder, now: number): CheckRefusal | null {
    const { portfolio } = this.options;
    const symbol = order.instrument.symbol as Ticker;
    const before = portfolio.netQuantity(symbol);
    const after = before + (order.side === 'BUY' ? order.quantity : -order.quantity);
    const candidate = this.candidate;
    candidate.origin = order.origin;
    candidate.strategyId = order.strategyId;
    candidate.instrument = order.instrument;
    candidate.instrumentIndex = this.instrumentIndex.get(symbol) as number;
    candidate.side = order.side;
    candidate.quantity = order.quantity;
    candidate.orderType = order.orderType;
    candidate.limitPrice = order.limitPrice;
    candidate.stopPrice = order.stopPrice;
    candidate.mark = order.mark;
    candidate.price = order.mark.toNumber();
    candidate.positionBefore = before;
    candidate.positionAfter = after;
    // Reducing: toward zero without crossing it. A flip (short 100 to long 100) is not: it opens risk.
    candidate.reducing =
      before !== 0 && Math.abs(after) <= Math.abs(before) && Math.sign(after) * Math.sign(before) >= 0;
    candidate.forced = order.forced && candidate.reducing;
    const context = this.context;
    context.now = now;
    context.equityRaw = portfolio.equityRaw();
    context.cash = portfolio.cash();
    context.limits = this.limitBook.forOrder(order.strategyId, symbol);
    context.accountLimits = this.limitBook.forAccount();
    context.strategyLimits = this.limitBook.forStrategy(order.strategyId);
    this.dayState.observe(context.equityRaw, now);
    this.exposure.refresh(portfolio);
    const refused = this.chain.run(candidate, context);
    if (refused === null) this.rates.recordOrder(order.strategyId, now);
    return refused;
  }
}
