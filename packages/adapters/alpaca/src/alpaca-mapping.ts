// Translates between ATS's order vocabulary and Alpaca's documented JSON, exactly (decimal strings are
// parsed straight into fixed point, never through a float).
import {
  InvalidInputError,
  Money,
  type Order,
  type OrderId,
  type OrderReplacement,
  type OrderSide,
  type OrderType,
  Price,
  Quantity,
  type Ticker,
  type TimeInForce,
  toSymbol,
  type VenueAccount,
  type VenueExecution,
  type VenueOrderReport,
  type VenueOrderStatus,
  type VenuePosition,
} from '@ats/core';
import type {
  AlpacaAccountJson,
  AlpacaFillActivityJson,
  AlpacaOrderJson,
  AlpacaOrderRequestJson,
  AlpacaOrderStatus,
  AlpacaOrderType,
  AlpacaPositionJson,
  AlpacaReplaceRequestJson,
  AlpacaTimeInForce,
} from './alpaca-wire.js';

const orderTypes: Readonly<Record<OrderType, AlpacaOrderType>> = {
  MARKET: 'market',
  LIMIT: 'limit',
  STOP: 'stop',
  STOP_LIMIT: 'stop_limit',
  TRAILING_STOP: 'trailing_stop',
};

const timesInForce: Readonly<Record<TimeInForce, AlpacaTimeInForce>> = {
  DAY: 'day',
  GTC: 'gtc',
  IOC: 'ioc',
  FOK: 'fok',
  OPG: 'opg',
  CLS: 'cls',
};

/** Alpaca's 16 order statuses folded onto the venue statuses reconciliation knows. */
const statuses: Readonly<Record<AlpacaOrderStatus, VenueOrderStatus>> = {
  new: 'open',
  accepted: 'open',
  pending_new: 'open',
  accepted_for_bidding: 'open',
  pending_cancel: 'open',
  pending_replace: 'open',
  stopped: 'open',
  suspended: 'open',
  // Done for today, but a GTC order resumes tomorrow; reconciliation must not close it.
  done_for_day: 'open',
  calculated: 'open',
  partially_filled: 'partially_filled',
  filled: 'filled',
  canceled: 'canceled',
  // A replaced order lives on under a new venue id; `orderReport` follows `replaced_by` to it.
  replaced: 'canceled',
  expired: 'expired',
  rejected: 'rejected',
};

/** Alpaca allows 48 characters in a client order id. */
const clientOrderIdLimit = 48;
/** Marks the client order id of a replacing order: `<our order id>.r<suffix>` (ids must be unique). */
const replacementMarker = '.r';

/** Our order id for an Alpaca client order id: replacements carry ours with a suffix. */
export function orderIdFromClientOrderId(clientOrderId: string): OrderId {
  const marker = clientOrderId.lastIndexOf(replacementMarker);
  if (marker > 0 && /^[0-9a-z]+$/.test(clientOrderId.slice(marker + replacementMarker.length))) {
    return clientOrderId.slice(0, marker) as OrderId;
  }
  return clientOrderId as OrderId;
}

/** A fresh client order id for the order replacing `orderId`; `suffix` makes it unique. */
export function replacementClientOrderId(orderId: OrderId, suffix: string): string {
  const id = `${orderId}${replacementMarker}${suffix}`;
  if (id.length > clientOrderIdLimit) throw new InvalidInputError('orderId', 'too long for Alpaca', orderId);
  return id;
}

/** Alpaca prints "128.33" where ATS prints "128.3300"; both parse the same. */
function decimal(value: Price): string {
  return value.toString();
}

export function toOrderRequest(order: Order): AlpacaOrderRequestJson {
  if (order.id.length > clientOrderIdLimit) {
    throw new InvalidInputError(
      'orderId',
      `Alpaca takes client order ids of at most ${clientOrderIdLimit} characters`,
      order.id,
    );
  }
  const request: AlpacaOrderRequestJson = {
    symbol: order.symbol,
    qty: order.quantity.toString(),
    side: order.side === 'BUY' ? 'buy' : 'sell',
    type: orderTypes[order.type],
    time_in_force: timesInForce[order.timeInForce],
    client_order_id: order.id,
  };
  if (order.limitPrice) request.limit_price = decimal(order.limitPrice);
  if (order.stopPrice && order.type !== 'TRAILING_STOP') request.stop_price = decimal(order.stopPrice);
  const offset = order.trailingOffset;
  if (offset?.unit === 'price') request.trail_price = decimal(offset.amount);
  // Basis points to Alpaca's percent: 25 bp is "0.25".
  if (offset?.unit === 'basis-points') request.trail_percent = String(offset.basisPoints / 100);
  return request;
}

export function toReplaceRequest(
  replacement: OrderReplacement,
  clientOrderId: string,
): AlpacaReplaceRequestJson {
  const request: AlpacaReplaceRequestJson = { client_order_id: clientOrderId };
  if (replacement.quantity) request.qty = replacement.quantity.toString();
  if (replacement.limitPrice) request.limit_price = decimal(replacement.limitPrice);
  if (replacement.stopPrice) request.stop_price = decimal(replacement.stopPrice);
  return request;
}

/** Alpaca's RFC 3339 timestamps (nanoseconds, any offset) to epoch milliseconds. */
export function parseTimestamp(text: string | null | undefined, field: string): number {
  const value = text ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(value))
    throw new InvalidInputError(field, `'${String(text)}' is not a timestamp`, text);
  return value;
}

/** A whole quantity from Alpaca's decimal text ("5", "5.0"); fractional shares are refused. */
export function parseQuantity(text: string | null | undefined, field: string): Quantity {
  const match = /^(\d+)(?:\.0*)?$/.exec((text ?? '').trim());
  if (!match) throw new InvalidInputError(field, `'${String(text)}' is not a whole quantity`, text);
  return Quantity.parse(match[1], field);
}

function parseSignedQuantity(text: string, field: string): number {
  const trimmed = text.trim();
  const negative = trimmed.startsWith('-');
  const size = parseQuantity(negative ? trimmed.slice(1) : trimmed, field).value;
  return negative ? -size : size;
}

function parseSymbol(text: string, field: string): Ticker {
  try {
    return toSymbol(text.trim());
  } catch {
    throw new InvalidInputError(field, `'${text}' is not a symbol ATS can hold`, text);
  }
}

function side(text: string, field: string): OrderSide {
  if (text === 'buy') return 'BUY';
  if (text === 'sell') return 'SELL';
  throw new InvalidInputError(field, `'${text}' is not buy or sell`, text);
}

function orderType(text: string): OrderType {
  for (const [ours, theirs] of Object.entries(orderTypes)) if (theirs === text) return ours as OrderType;
  throw new InvalidInputError('order.type', `'${text}' is not an order type ATS knows`, text);
}

function timeInForce(text: string): TimeInForce {
  for (const [ours, theirs] of Object.entries(timesInForce)) if (theirs === text) return ours as TimeInForce;
  throw new InvalidInputError('order.time_in_force', `'${text}' is not a time in force ATS knows`, text);
}

export function venueStatus(status: AlpacaOrderStatus): VenueOrderStatus {
  const mapped = statuses[status];
  if (!mapped)
    throw new InvalidInputError('order.status', `'${status}' is not an Alpaca order status`, status);
  return mapped;
}

export function toOrderReport(order: AlpacaOrderJson): VenueOrderReport {
  return {
    orderId: orderIdFromClientOrderId(order.client_order_id),
    venueOrderId: order.id,
    symbol: parseSymbol(order.symbol, 'order.symbol'),
    side: side(order.side, 'order.side'),
    orderType: orderType(order.type),
    timeInForce: timeInForce(order.time_in_force),
    quantity: parseQuantity(order.qty, 'order.qty'),
    filledQuantity: parseQuantity(order.filled_qty, 'order.filled_qty'),
    limitPrice: order.limit_price === null ? null : Price.of(order.limit_price, 'order.limit_price'),
    stopPrice: order.stop_price === null ? null : Price.of(order.stop_price, 'order.stop_price'),
    status: venueStatus(order.status),
    reason: order.status === 'rejected' ? 'rejected by Alpaca' : null,
    updatedAt: parseTimestamp(order.updated_at ?? order.created_at, 'order.updated_at'),
  };
}

/** The execution id of a FILL activity: its id is "<compact time>::<execution id>". */
export function executionIdOfActivity(activity: AlpacaFillActivityJson): string {
  const separator = activity.id.indexOf('::');
  return separator < 0 ? activity.id : activity.id.slice(separator + 2);
}

/**
 * One FILL activity as a venue execution. Alpaca charges no commission on US equities and reports
 * regulatory fees as separate FEE activities, so the commission is zero.
 */
export function toExecution(activity: AlpacaFillActivityJson, orderId: OrderId | null): VenueExecution {
  return {
    executionId: executionIdOfActivity(activity),
    orderId,
    venueOrderId: activity.order_id,
    symbol: parseSymbol(activity.symbol, 'activity.symbol'),
    side: side(activity.side, 'activity.side'),
    quantity: parseQuantity(activity.qty, 'activity.qty'),
    price: Price.of(activity.price, 'activity.price'),
    commission: Money.zero,
    executedAt: parseTimestamp(activity.transaction_time, 'activity.transaction_time'),
  };
}

export function toPosition(position: AlpacaPositionJson): VenuePosition {
  const quantity = parseSignedQuantity(position.qty, 'position.qty');
  // Alpaca signs short quantities; the side says so too, for a feed that does not.
  const netQuantity = position.side === 'short' && quantity > 0 ? -quantity : quantity;
  return {
    symbol: parseSymbol(position.symbol, 'position.symbol'),
    netQuantity,
    averageCost: Price.of(position.avg_entry_price, 'position.avg_entry_price'),
  };
}

export function toAccount(account: AlpacaAccountJson): VenueAccount {
  return {
    cash: Money.of(account.cash, 'account.cash'),
    buyingPower: Money.of(account.buying_power, 'account.buying_power'),
  };
}
