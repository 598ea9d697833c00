// Events of the trading pipeline besides order events: signals, risk decisions, portfolio and system events.
import type {
  AccountId,
  OrderId,
  RiskAssessmentId,
  SignalId,
  StrategyId,
  Ticker,
} from '../identifiers/identifiers.js';
import type { OrderSide, OrderType, TimeInForce } from '../orders/order-enums.js';
import type { Money } from '../values/money.js';
import type { Price } from '../values/price.js';
import type { Quantity } from '../values/quantity.js';
import type { EventHeader } from './event.js';
import type { ExecutionRequest } from './execution-request.js';

export type SignalDirection = 'LONG' | 'SHORT' | 'FLAT';

/** The model behind a signal (machine-learning strategies): which one, and what it predicted. */
export interface SignalModel {
  /** The model's registry name. */
  readonly name: string;
  /** Its registry version, or null for a model trained in the strategy and not stored. */
  readonly version: number | null;
  /** The model's probability that the signal's direction is right, in [0, 1]. */
  readonly probability: number;
}

/** A strategy's view: go long, go short, or go flat in a symbol, with a confidence in [0, 1]. */
export interface SignalGenerated extends EventHeader {
  readonly type: 'SignalGenerated';
  readonly signalId: SignalId;
  readonly strategyId: StrategyId;
  readonly symbol: Ticker;
  readonly direction: SignalDirection;
  /** Confidence in [0, 1]; the risk manager may scale size by it. */
  readonly strength: number;
  /** The price the strategy saw when it decided. */
  readonly referencePrice: Price;
  /** Optional: a limit price the strategy wants; absent means a market order. */
  readonly limitPrice: Price | null;
  /** Present when a model produced the signal: its name, version and predicted probability. */
  readonly model?: SignalModel;
  /** A fused signal names the sources it merged, with the weight each had (signal fusion). */
  readonly sources?: readonly SignalSource[];
  /** Present: the approved quantity is worked by this execution algorithm, not sent as one order. */
  readonly execution?: ExecutionRequest;
}

/** One strategy's or model's part in a fused signal. */
export interface SignalSource {
  readonly strategyId: string;
  readonly direction: SignalDirection;
  /** The source's confidence after time decay, in [0, 1]. */
  readonly strength: number;
  /** Its normalized weight in the fusion, in [0, 1]. */
  readonly weight: number;
}

/** The risk manager approved a signal: the order it becomes. */
export interface SignalApproved extends EventHeader {
  readonly type: 'SignalApproved';
  readonly assessmentId: RiskAssessmentId;
  readonly signalId: SignalId;
  readonly accountId: AccountId;
  readonly strategyId: StrategyId;
  readonly symbol: Ticker;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  readonly orderType: OrderType;
  readonly limitPrice: Price | null;
  /** STOP and STOP_LIMIT orders (manual requests); absent for strategy signals. */
  readonly stopPrice?: Price | null;
  readonly timeInForce: TimeInForce;
  /** Why this size: the sizing rule and its inputs, for the audit trail. */
  readonly sizing: string;
  /** Present: cancel every working order on the symbol before this one is sent (the request's `cancelsFirst`). */
  readonly cancelsFirst?: readonly OrderId[];
  /** The signal's execution algorithm request: the executor works the quantity as a parent order. */
  readonly execution?: ExecutionRequest;
}

/** The risk manager rejected a signal, with a catalogued reason code and a sentence. */
export interface SignalRejected extends EventHeader {
  readonly type: 'SignalRejected';
  readonly assessmentId: RiskAssessmentId;
  readonly signalId: SignalId;
  readonly strategyId: StrategyId;
  readonly symbol: Ticker;
  readonly reasonCode: string;
  readonly reason: string;
  /** The pre-trade check that refused, and the numbers that decided it (absent for sizing outcomes). */
  readonly check?: string;
  readonly limit?: string;
  readonly actual?: string;
}

export interface PositionSnapshot {
  readonly symbol: Ticker;
  /** Signed: positive long, negative short. */
  readonly netQuantity: number;
  readonly averageCost: Price;
  readonly marketPrice: Price | null;
  readonly marketValue: Money;
  readonly unrealizedPnl: Money;
  readonly realizedPnl: Money;
}

/** The portfolio after a change: cash, equity and every open or touched position. */
export interface PortfolioUpdated extends EventHeader {
  readonly type: 'PortfolioUpdated';
  readonly accountId: AccountId;
  readonly cash: Money;
  readonly equity: Money;
  readonly realizedPnl: Money;
  readonly unrealizedPnl: Money;
  readonly commissions: Money;
  readonly positions: readonly PositionSnapshot[];
}

export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface RiskAlertRaised extends EventHeader {
  readonly type: 'RiskAlertRaised';
  readonly code: string;
  readonly severity: AlertSeverity;
  readonly message: string;
}

export interface HealthReported extends EventHeader {
  readonly type: 'HealthReported';
  readonly service: string;
  readonly status: 'up' | 'degraded' | 'down';
  readonly detail: string;
}

export interface NotificationRaised extends EventHeader {
  readonly type: 'NotificationRaised';
  readonly kind: string;
  readonly title: string;
  readonly message: string;
  /** Gotify's scale: 0-10, 8 and above wakes someone. */
  readonly priority: number;
  /** The alert this notification is about: notifications with one key are deduplicated and resolved together. */
  readonly key?: string;
  readonly severity?: AlertSeverity;
  /** An alert starting or ending; absent for a plain message. */
  readonly state?: 'firing' | 'resolved';
}

/** The exchange session opened or closed (published by the scheduler on market.sessions). */
export interface MarketSessionChanged extends EventHeader {
  readonly type: 'MarketSessionChanged';
  readonly exchange: string;
  /** The session date, YYYY-MM-DD in the exchange's time zone. */
  readonly date: string;
  readonly phase: 'open' | 'close';
}

/** Trading in one symbol of an account was halted (a position disagrees with the venue) or resumed. */
export interface TradingHaltChanged extends EventHeader {
  readonly type: 'TradingHaltChanged';
  readonly accountId: AccountId;
  readonly symbol: Ticker;
  readonly halted: boolean;
  readonly reason: string;
}

/** What reconciliation with the venue found different, and what it did about it. */
export type ReconciliationDifferenceKind =
  | 'missed-fill'
  | 'order-closed-at-venue'
  | 'order-accepted-at-venue'
  | 'order-unknown-at-venue'
  | 'external-order-adopted'
  | 'position-mismatch';

export interface ReconciliationDifferenceFound extends EventHeader {
  readonly type: 'ReconciliationDifferenceFound';
  readonly accountId: AccountId;
  readonly venue: string;
  readonly kind: ReconciliationDifferenceKind;
  readonly symbol: Ticker | null;
  readonly orderId: string | null;
  readonly detail: string;
}

/**
 * An operator asked for an order through the API (place, flatten). It goes through the Risk Manager
 * like a signal, but with its own size: risk checks it and approves or rejects it as it stands.
 */
export interface OrderRequested extends EventHeader {
  readonly type: 'OrderRequested';
  /** A UUID: the request's identity, from which its assessment and its order id derive. */
  readonly requestId: SignalId;
  readonly accountId: AccountId;
  readonly symbol: Ticker;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  readonly orderType: OrderType;
  readonly limitPrice: Price | null;
  readonly stopPrice: Price | null;
  readonly timeInForce: TimeInForce;
  /** Only orders that shrink the position (flattening): allowed even while trading is halted. */
  readonly reduceOnly: boolean;
  /** Who asked, for the audit trail. */
  readonly requestedBy: string;
  /**
   * Present on a flatten or reduction that cancels every working order of the account on the symbol
   * first; the ids are the ones the requester knew of, for the audit trail. Risk then counts none of
   * the symbol's working orders against the request (their cancels may reach it after the request),
   * and the Trade Executor cancels all it has working on the symbol before sending the order.
   */
  readonly cancelsFirst?: readonly OrderId[];
}
