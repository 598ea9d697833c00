// Converts stored trades and orders back into engine objects at a restart.
import {
  type AccountId,
  type EventId,
  Order,
  type OrderFilled,
  type OrderRecord,
  Quantity,
  type RiskAssessmentId,
  type SignalId,
  type TradeRecord,
} from '@ats/core';

/** A trades row as the fill event that produced it (the id is the trade id: fills are unique by it). */
export function fillOfTrade(trade: TradeRecord): OrderFilled {
  return {
    type: 'OrderFilled',
    id: trade.id as unknown as EventId,
    occurredAt: trade.executedAt,
    receivedAt: trade.executedAt,
    causationId: null,
    orderId: trade.orderId,
    tradeId: trade.id,
    accountId: trade.accountId,
    strategyId: trade.strategyId,
    symbol: trade.symbol,
    side: trade.side,
    lastQuantity: Quantity.of(trade.quantity),
    lastPrice: trade.executedPrice,
    commission: trade.commission,
    venue: trade.venue,
    executionId: trade.executionId,
    liquidityTaker: true,
  };
}

/** An orders row as an Order in its stored state. */
export function orderOfRecord(record: OrderRecord): Order {
  return Order.restore(
    {
      type: 'OrderInitialized',
      id: `restored-${record.id}` as EventId,
      occurredAt: record.createdAt,
      receivedAt: record.createdAt,
      causationId: null,
      orderId: record.id,
      accountId: record.accountId as AccountId,
      strategyId: record.strategyId,
      symbol: record.symbol,
      side: record.side,
      orderType: record.orderType,
      quantity: Quantity.of(record.quantity),
      limitPrice: record.price,
      stopPrice: record.stopPrice,
      timeInForce: record.timeInForce,
      signalId: record.signalId as SignalId | null,
      riskAssessmentId: record.riskAssessmentId as RiskAssessmentId | null,
      expiresAt: record.expiresAt,
      origin: record.origin,
      orderListId: record.orderListId,
      parentOrderId: record.parentOrderId,
    },
    {
      status: record.status,
      filledQuantity: Quantity.of(record.filledQuantity),
      averageFillPrice: record.averageFillPrice,
      commission: record.commission,
      venueOrderId: record.venueOrderId,
      updatedAt: record.updatedAt,
    },
  );
}
