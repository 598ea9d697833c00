// The closed vocabularies of orders: side, type, time in force and status, as stored in the orders table.

export const orderSides = ['BUY', 'SELL'] as const;
export type OrderSide = (typeof orderSides)[number];

export const orderTypes = ['MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT'] as const;
export type OrderType = (typeof orderTypes)[number];

export const timesInForce = ['DAY', 'GTC', 'IOC', 'FOK'] as const;
export type TimeInForce = (typeof timesInForce)[number];

export const orderStatuses = [
  'INITIALIZED',
  'DENIED',
  'SUBMITTED',
  'ACCEPTED',
  'REJECTED',
  'TRIGGERED',
  'PENDING_CANCEL',
  'PARTIALLY_FILLED',
  'FILLED',
  'CANCELED',
  'EXPIRED',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** Statuses after which nothing can happen to an order. */
export const terminalStatuses: ReadonlySet<OrderStatus> = new Set([
  'DENIED',
  'REJECTED',
  'FILLED',
  'CANCELED',
  'EXPIRED',
]);

export function isTerminal(status: OrderStatus): boolean {
  return terminalStatuses.has(status);
}

export function oppositeSide(side: OrderSide): OrderSide {
  return side === 'BUY' ? 'SELL' : 'BUY';
}
