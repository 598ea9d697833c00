// One order as the fill engine works it: its current terms, what has filled, and when it may trade.
import type { Order, Price } from '@ats/core';

export interface WorkingOrder {
  readonly order: Order;
  readonly venueOrderId: string;
  /** Current terms: a confirmed modification changes them before the Order object hears of it. */
  quantity: number;
  limit: Price | null;
  stop: Price | null;
  /** Filled at this venue, restored partial fills included. */
  filled: number;
  /** A stop (stop-limit, trailing stop) whose trigger was reached: it now trades as market (or limit). */
  triggered: boolean;
  /** Trailing stops: the best price since the order began to work (highest for a sell, lowest for a buy). */
  best: Price | null;
  /** Market time the venue accepted it; the latency model adds its delay to get `eligibleAt`. */
  readonly acceptedAt: number;
  eligibleAt: number;
  /** DAY: the session close it expires at (null: no known close). */
  readonly expiresAt: number | null;
  /** False while an OTO child waits for its parent to fill. */
  active: boolean;
}

export function leavesOf(entry: WorkingOrder): number {
  return entry.quantity - entry.filled;
}

/** True for orders that trade once (IOC, FOK) or only in an auction (OPG, CLS): one chance, then closed. */
export function tradesOnce(entry: WorkingOrder): boolean {
  const timeInForce = entry.order.timeInForce;
  return timeInForce === 'IOC' || timeInForce === 'FOK' || timeInForce === 'OPG' || timeInForce === 'CLS';
}

export function isStopType(entry: WorkingOrder): boolean {
  const type = entry.order.type;
  return type === 'STOP' || type === 'STOP_LIMIT' || type === 'TRAILING_STOP';
}
