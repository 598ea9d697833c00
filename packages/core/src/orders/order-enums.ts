// The closed vocabularies of orders: side, type, time in force and status, as stored in the orders table.

export const orderSides = ['BUY', 'SELL'] as const;
export type OrderSide = (typeof orderSides)[number];

export const orderTypes = ['MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT', 'TRAILING_STOP'] as const;
export type OrderType = (typeof orderTypes)[number];

/**
 * DAY expires at the session close (early closes included); GTC stays until filled or canceled; IOC fills
 * what it can at once; FOK fills whole at once or not at all; OPG trades only in the opening auction and
 * CLS only in the closing auction.
 */
export const timesInForce = ['DAY', 'GTC', 'IOC', 'FOK', 'OPG', 'CLS'] as const;
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

/** How far a trailing stop follows the best price: a fixed price distance or basis points of it. */
export type TrailingOffset =
  | { readonly unit: 'price'; readonly amount: import('../values/price.js').Price }
  | { readonly unit: 'basis-points'; readonly basisPoints: number };

/**
 * How an order is linked to others: OCO siblings cancel each other when one fills; an OTO child
 * (a bracket's take-profit and stop-loss) starts working only once its parent has filled.
 */
export type Contingency = 'OCO' | 'OTO';

export function isTerminal(status: OrderStatus): boolean {
  return terminalStatuses.has(status);
}

export function oppositeSide(side: OrderSide): OrderSide {
  return side === 'BUY' ? 'SELL' : 'BUY';
}
