// Builds the FIX 4.4 request messages of our orders: NewOrderSingle (D), OrderCancelRequest (F),
// OrderCancelReplaceRequest (G), OrderStatusRequest (H), OrderMassStatusRequest (AF). Prices and
// quantities go out as exact decimal text.
import type { Order, OrderReplacement, Price } from '@ats/core';
import { orderTypeCodes, sideCodes, timeInForceCodes } from './fix-codes.js';

export const msgTypes = {
  newOrderSingle: 'D',
  orderCancelRequest: 'F',
  orderCancelReplaceRequest: 'G',
  orderStatusRequest: 'H',
  orderMassStatusRequest: 'AF',
  executionReport: '8',
  orderCancelReject: '9',
  businessMessageReject: 'j',
} as const;

export type FixRequest =
  | { readonly supported: true; readonly msgType: string; readonly body: Record<string, unknown> }
  | { readonly supported: false; readonly reason: string };

/** A price as FIX text: exact, without the trailing zeros of the 4-place scale ("101.25", "410"). */
export function fixDecimal(price: Price): string {
  const text = price.toString();
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function optionalPrice(name: string, price: Price | null): Record<string, string> {
  return price === null ? {} : { [name]: fixDecimal(price) };
}

function account(value: string | undefined): Record<string, string> {
  return value === undefined ? {} : { Account: value };
}

/** The terms common to a new order and its replacement. */
function terms(
  order: Order,
  quantity: string,
  limitPrice: Price | null,
  stopPrice: Price | null,
): FixRequest | Record<string, unknown> {
  if (order.type === 'TRAILING_STOP') {
    return {
      supported: false,
      reason: 'trailing stops are not sent over FIX 4.4 by this adapter (they need PegInstructions)',
    } satisfies FixRequest;
  }
  return {
    Instrument: { Symbol: order.symbol },
    Side: sideCodes[order.side],
    OrderQtyData: { OrderQty: quantity },
    OrdType: orderTypeCodes[order.type],
    ...optionalPrice('Price', limitPrice),
    ...optionalPrice('StopPx', stopPrice),
    TimeInForce: timeInForceCodes[order.timeInForce],
  };
}

function isRequest(value: FixRequest | Record<string, unknown>): value is FixRequest {
  return 'supported' in value;
}

/** NewOrderSingle with ClOrdID = our order id; `possibleResend` marks a second send of the same order. */
export function newOrderSingle(
  order: Order,
  transactTime: Date,
  accountName: string | undefined,
  possibleResend: boolean,
): FixRequest {
  const body = terms(order, order.quantity.toString(), order.limitPrice, order.stopPrice);
  if (isRequest(body)) return body;
  return {
    supported: true,
    msgType: msgTypes.newOrderSingle,
    body: {
      ClOrdID: order.id,
      ...account(accountName),
      // HandlInst 1: automated execution, no broker intervention.
      HandlInst: '1',
      ...body,
      TransactTime: transactTime,
      ...(possibleResend ? { PossResend: true } : {}),
    },
  };
}

/** OrderCancelRequest for the order's current client order id (the last confirmed replace, if any). */
export function orderCancelRequest(
  order: Order,
  cancelId: string,
  currentClOrdId: string,
  transactTime: Date,
  accountName: string | undefined,
): FixRequest {
  return {
    supported: true,
    msgType: msgTypes.orderCancelRequest,
    body: {
      OrigClOrdID: currentClOrdId,
      ...(order.venueOrderId === null ? {} : { OrderID: order.venueOrderId }),
      ClOrdID: cancelId,
      ...account(accountName),
      Instrument: { Symbol: order.symbol },
      Side: sideCodes[order.side],
      TransactTime: transactTime,
      OrderQtyData: { OrderQty: order.quantity.toString() },
    },
  };
}

/** OrderCancelReplaceRequest: the new terms, with absent fields keeping the order's current value. */
export function orderCancelReplaceRequest(
  order: Order,
  replacement: OrderReplacement,
  replaceId: string,
  currentClOrdId: string,
  transactTime: Date,
  accountName: string | undefined,
): FixRequest {
  const body = terms(
    order,
    (replacement.quantity ?? order.quantity).toString(),
    replacement.limitPrice ?? order.limitPrice,
    replacement.stopPrice ?? order.stopPrice,
  );
  if (isRequest(body)) return body;
  return {
    supported: true,
    msgType: msgTypes.orderCancelReplaceRequest,
    body: {
      ...(order.venueOrderId === null ? {} : { OrderID: order.venueOrderId }),
      OrigClOrdID: currentClOrdId,
      ClOrdID: replaceId,
      ...account(accountName),
      HandlInst: '1',
      ...body,
      TransactTime: transactTime,
    },
  };
}

export interface StatusRequestTarget {
  readonly clOrdId: string;
  readonly venueOrderId: string | null;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
}

export function orderStatusRequest(target: StatusRequestTarget, requestId: string): FixRequest {
  return {
    supported: true,
    msgType: msgTypes.orderStatusRequest,
    body: {
      ...(target.venueOrderId === null ? {} : { OrderID: target.venueOrderId }),
      ClOrdID: target.clOrdId,
      OrdStatusReqID: requestId,
      Instrument: { Symbol: target.symbol },
      Side: sideCodes[target.side],
    },
  };
}

/** MassStatusReqType 7: the status of every order of the session. */
export function orderMassStatusRequest(requestId: string): FixRequest {
  return {
    supported: true,
    msgType: msgTypes.orderMassStatusRequest,
    body: { MassStatusReqID: requestId, MassStatusReqType: 7 },
  };
}
