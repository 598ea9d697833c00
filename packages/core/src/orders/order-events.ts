// The events of an order's life, from initialization to a terminal state; fills carry the execution.
import type { EventHeader } from '../events/event.js';
import type {
  AccountId,
  OrderId,
  RiskAssessmentId,
  SignalId,
  StrategyId,
  Ticker,
  TradeId,
} from '../identifiers/identifiers.js';
import type { Money } from '../values/money.js';
import type { Price } from '../values/price.js';
import type { Quantity } from '../values/quantity.js';
import type { Contingency, OrderSide, OrderType, TimeInForce, TrailingOffset } from './order-enums.js';

interface OrderEventHeader extends EventHeader {
  readonly orderId: OrderId;
}

export interface OrderInitialized extends OrderEventHeader {
  readonly type: 'OrderInitialized';
  readonly accountId: AccountId;
  readonly strategyId: StrategyId;
  readonly symbol: Ticker;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly quantity: Quantity;
  readonly limitPrice: Price | null;
  readonly stopPrice: Price | null;
  readonly timeInForce: TimeInForce;
  readonly signalId: SignalId | null;
  readonly riskAssessmentId: RiskAssessmentId | null;
  readonly expiresAt: number | null;
  /** TRAILING_STOP orders only: how far the stop trails the best price. */
  readonly trailingOffset?: TrailingOffset | null;
  /** Orders placed together (a bracket, an OCO pair) share a list id. */
  readonly orderListId?: string | null;
  /** The parent of an OTO child (a bracket's exits): the child works once the parent has filled. */
  readonly parentOrderId?: OrderId | null;
  readonly contingency?: Contingency | null;
  /** Who placed it: a strategy through risk, an operator through the API, or found at the venue. */
  readonly origin?: OrderOrigin;
}

export type OrderOrigin = 'strategy' | 'manual' | 'external';

export interface OrderDenied extends OrderEventHeader {
  readonly type: 'OrderDenied';
  readonly reasonCode: string;
  readonly reason: string;
}

export interface OrderSubmitted extends OrderEventHeader {
  readonly type: 'OrderSubmitted';
}

export interface OrderAccepted extends OrderEventHeader {
  readonly type: 'OrderAccepted';
  readonly venueOrderId: string;
}

export interface OrderRejected extends OrderEventHeader {
  readonly type: 'OrderRejected';
  readonly reasonCode: string;
  readonly reason: string;
}

export interface OrderTriggered extends OrderEventHeader {
  readonly type: 'OrderTriggered';
}

export interface OrderPendingCancel extends OrderEventHeader {
  readonly type: 'OrderPendingCancel';
}

export interface OrderCancelRejected extends OrderEventHeader {
  readonly type: 'OrderCancelRejected';
  readonly reason: string;
}

/** A modification (cancel-replace) was sent; the order keeps working on its old terms until confirmed. */
export interface OrderPendingUpdate extends OrderEventHeader {
  readonly type: 'OrderPendingUpdate';
}

/** The venue confirmed new terms; fields left null keep their value. */
export interface OrderUpdated extends OrderEventHeader {
  readonly type: 'OrderUpdated';
  readonly quantity: Quantity | null;
  readonly limitPrice: Price | null;
  readonly stopPrice: Price | null;
  /** A cancel-replace gives the order a new venue id at some venues. */
  readonly venueOrderId: string | null;
}

/** The venue refused a modification; the order keeps its old terms. */
export interface OrderModifyRejected extends OrderEventHeader {
  readonly type: 'OrderModifyRejected';
  readonly reason: string;
}

export interface OrderCanceled extends OrderEventHeader {
  readonly type: 'OrderCanceled';
}

export interface OrderExpired extends OrderEventHeader {
  readonly type: 'OrderExpired';
}

/** One execution; published on trades.executed and stored as a row of the trades table. */
export interface OrderFilled extends OrderEventHeader {
  readonly type: 'OrderFilled';
  readonly tradeId: TradeId;
  readonly accountId: AccountId;
  readonly strategyId: StrategyId;
  readonly symbol: Ticker;
  readonly side: OrderSide;
  readonly lastQuantity: Quantity;
  readonly lastPrice: Price;
  readonly commission: Money;
  readonly venue: string;
  /** The venue's id of this execution: fills are stored once per (venue, execution id). */
  readonly executionId: string;
  /** True when this fill removed liquidity (market or marketable order). */
  readonly liquidityTaker: boolean;
}

export type OrderEvent =
  | OrderInitialized
  | OrderDenied
  | OrderSubmitted
  | OrderAccepted
  | OrderRejected
  | OrderTriggered
  | OrderPendingCancel
  | OrderCancelRejected
  | OrderPendingUpdate
  | OrderUpdated
  | OrderModifyRejected
  | OrderCanceled
  | OrderExpired
  | OrderFilled;

export type OrderEventType = OrderEvent['type'];
