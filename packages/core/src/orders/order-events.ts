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
import type { OrderSide, OrderType, TimeInForce } from './order-enums.js';

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
}

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
  | OrderCanceled
  | OrderExpired
  | OrderFilled;

export type OrderEventType = OrderEvent['type'];
