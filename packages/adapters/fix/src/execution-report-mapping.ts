// Maps an ExecutionReport (35=8) on one of our orders to the order events it means, per FIX 4.4's
// ExecType (150): New → accepted, Trade → filled, Canceled, Rejected, Expired, Replace → updated.
import {
  type AccountId,
  deriveUuid,
  Money,
  type OrderEvent,
  type OrderId,
  type OrderSide,
  type OrderType,
  parseDecimalToRaw,
  type StrategyId,
  type Ticker,
  type TradeId,
} from '@ats/core';
import type { ExecutionReportFields } from './execution-report-fields.js';
import { parseOptionalPrice, parsePrice, parseQuantity } from './fix-values.js';
import { orderRejectMessage } from './reject-reasons.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An order event without the header the client stamps on it (id, times, causation, order id). */
export type OrderEventBody = DistributiveOmit<
  OrderEvent,
  'id' | 'occurredAt' | 'receivedAt' | 'causationId' | 'orderId'
>;

/** What the adapter knows of the order a report is about (from its journal of orders sent). */
export interface ReportedOrder {
  readonly orderId: OrderId;
  readonly accountId: AccountId;
  readonly strategyId: StrategyId;
  readonly symbol: Ticker;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  /** An OrderAccepted was already emitted for it. */
  readonly acceptedByVenue: boolean;
}

/** The events one ExecutionReport means for our order, in the order they happened. */
export function executionReportEvents(
  report: ExecutionReportFields,
  order: ReportedOrder,
  venue: string,
): OrderEventBody[] {
  const accepted: OrderEventBody[] = order.acceptedByVenue
    ? []
    : [{ type: 'OrderAccepted', venueOrderId: report.orderId }];
  switch (report.execType) {
    case '0': // New
      return accepted;
    case 'F': // Trade (partial or full fill)
      return [...accepted, filled(report, order, venue)];
    case '4': // Canceled
      return [{ type: 'OrderCanceled' }];
    case 'C': // Expired
      return [{ type: 'OrderExpired' }];
    case '8': // Rejected
      return [
        {
          type: 'OrderRejected',
          reasonCode: 'ORDER_REJECTED_BY_VENUE',
          reason: orderRejectMessage(report.ordRejReason, report.text),
        },
      ];
    case '5': // Replace: the cancel-replace took effect; the report carries the new terms
      return [
        {
          type: 'OrderUpdated',
          quantity: report.orderQty === null ? null : parseQuantity(report.orderQty, 'OrderQty(38)'),
          limitPrice: parseOptionalPrice(report.price, 'Price(44)'),
          stopPrice: parseOptionalPrice(report.stopPx, 'StopPx(99)'),
          venueOrderId: report.orderId,
        },
      ];
    default:
      // Pending new/cancel/replace, done for day, stopped, suspended, restated, calculated, order
      // status answers, trade corrections and busts: no order event of ours matches. They are kept
      // in the journal, so reconciliation sees their effect on the order's status.
      return [];
  }
}

function filled(report: ExecutionReportFields, order: ReportedOrder, venue: string): OrderEventBody {
  const lastQuantity = parseQuantity(report.lastQty, 'LastQty(32)');
  const lastPrice = parsePrice(report.lastPx, 'LastPx(31)');
  return {
    type: 'OrderFilled',
    tradeId: deriveUuid(venue, report.execId) as TradeId,
    accountId: order.accountId,
    strategyId: order.strategyId,
    symbol: order.symbol,
    side: order.side,
    lastQuantity,
    lastPrice,
    commission: commission(report, lastPrice.raw, lastQuantity.value),
    venue,
    executionId: report.execId,
    liquidityTaker: liquidityTaker(report, order.orderType),
  };
}

/** Commission (12) by CommType (13): 1 per unit, 2 percent of the notional, 3 absolute; else none. */
export function commission(report: ExecutionReportFields, priceRaw: number, quantity: number): Money {
  if (report.commission === null) return Money.zero;
  const amountRaw = parseDecimalToRaw(report.commission, 'Commission(12)');
  switch (report.commType) {
    case '1':
      return Money.fromRaw(amountRaw * quantity);
    case '2':
      // notional × (percent / 100); the percent is itself at the 1/10,000 scale.
      return Money.fromRaw(priceRaw * quantity).multiplyRatio(amountRaw, 1_000_000);
    case '3':
      return Money.fromRaw(amountRaw);
    default:
      return Money.zero;
  }
}

/** LastLiquidityInd (851) when the venue sends it; otherwise market and stop orders take liquidity. */
function liquidityTaker(report: ExecutionReportFields, orderType: OrderType): boolean {
  if (report.lastLiquidityInd === '2') return true;
  if (report.lastLiquidityInd === '1') return false;
  return orderType === 'MARKET' || orderType === 'STOP';
}
