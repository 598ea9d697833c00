// Builders of order events for tests: readable defaults, every field overridable.
import type { AccountId, EventId, OrderId, StrategyId, Ticker, TradeId } from '../identifiers/identifiers.js';
import { Money } from '../values/money.js';
import type { Price } from '../values/price.js';
import { Quantity } from '../values/quantity.js';
import type { OrderSide, OrderType } from './order-enums.js';
import type { OrderEvent, OrderFilled, OrderInitialized } from './order-events.js';

let sequence = 0;
const header = (orderId: OrderId, at = 0) => ({
  id: `event-${++sequence}` as EventId,
  orderId,
  occurredAt: at,
  receivedAt: at,
  causationId: null,
});

export function initialized(
  options: {
    orderId?: string;
    side?: OrderSide;
    quantity?: number;
    orderType?: OrderType;
    limitPrice?: Price | null;
    stopPrice?: Price | null;
  } = {},
): OrderInitialized {
  return {
    ...header((options.orderId ?? 'order-1') as OrderId),
    type: 'OrderInitialized',
    accountId: 'paper' as AccountId,
    strategyId: 'test' as StrategyId,
    symbol: 'AAPL' as Ticker,
    side: options.side ?? 'BUY',
    orderType: options.orderType ?? 'MARKET',
    quantity: Quantity.of(options.quantity ?? 100),
    limitPrice: options.limitPrice ?? null,
    stopPrice: options.stopPrice ?? null,
    timeInForce: 'DAY',
    signalId: null,
    riskAssessmentId: null,
    expiresAt: null,
  };
}

export function filled(
  orderId: string,
  quantity: number,
  price: Price,
  side: OrderSide = 'BUY',
): OrderFilled {
  return {
    ...header(orderId as OrderId),
    type: 'OrderFilled',
    tradeId: `trade-${sequence}` as TradeId,
    accountId: 'paper' as AccountId,
    strategyId: 'test' as StrategyId,
    symbol: 'AAPL' as Ticker,
    side,
    lastQuantity: Quantity.of(quantity),
    lastPrice: price,
    commission: Money.of('1'),
    venue: 'TEST',
    executionId: `execution-${sequence}`,
    liquidityTaker: true,
  };
}

type SimpleType = Exclude<OrderEvent['type'], 'OrderInitialized' | 'OrderFilled'>;

export function simple(orderId: string, type: SimpleType): OrderEvent {
  const base = header(orderId as OrderId);
  switch (type) {
    case 'OrderDenied':
    case 'OrderRejected':
      return { ...base, type, reasonCode: 'TEST', reason: 'test' };
    case 'OrderAccepted':
      return { ...base, type, venueOrderId: 'venue-1' };
    case 'OrderCancelRejected':
    case 'OrderModifyRejected':
      return { ...base, type, reason: 'too late' };
    case 'OrderUpdated':
      return { ...base, type, quantity: null, limitPrice: null, stopPrice: null, venueOrderId: null };
    default:
      return { ...base, type };
  }
}
