// What the fill engine checks before it accepts an order (kinds it does not take, OTO parents), and
// the price an account model checks a new order's cost at.
import type { Order, Price, Quote, VenueOrderReport } from '@ats/core';
import type { AccountRefusal } from './account-model.js';
import type { WorkingOrder } from './working-order.js';

export interface AdmissionContext {
  /** The venue knows the exchange's sessions (or trades daily bars, each a session). */
  readonly sessionsKnown: boolean;
  readonly parentWorking: boolean;
  /** The venue's record of the order's OTO parent, when it has one and it is no longer working. */
  readonly parentReport: VenueOrderReport | null;
}

function refuse(reason: string): AccountRefusal {
  return { code: 'ORDER_NOT_SUPPORTED', reason };
}

/** Why the venue does not take the order (an auction kind or an OTO child it cannot work), or null. */
export function unsupportedOrder(order: Order, context: AdmissionContext): AccountRefusal | null {
  const auction = order.timeInForce === 'OPG' || order.timeInForce === 'CLS';
  if (auction && order.type !== 'MARKET' && order.type !== 'LIMIT')
    return refuse(`${order.timeInForce} takes market and limit orders only`);
  if (auction && !context.sessionsKnown) return refuse(`${order.timeInForce} needs the exchange's sessions`);
  if (order.parentOrderId !== null && !context.parentWorking) {
    // A child of a parent that already filled works at once; of an unknown or dead one, never.
    const parent = context.parentReport;
    if (!parent) return refuse('the parent order is unknown at the venue');
    if (parent.status !== 'filled') return refuse(`the parent order is ${parent.status}`);
  }
  return null;
}

/**
 * The price an account model checks an order at: its limit; else the touch (the ask for a buy, the bid
 * for a sell) or the last print, and for a stop the worse of that and its stop (a buy stop pays at
 * least its stop, a sell stop gets at most its stop). Null when nothing is known yet.
 */
export function referencePriceOf(
  entry: WorkingOrder,
  quote: Quote | undefined,
  lastPrint: Price | undefined,
): Price | null {
  if (entry.limit !== null) return entry.limit;
  const buying = entry.order.side === 'BUY';
  const touch = quote ? (buying ? quote.ask : quote.bid) : (lastPrint ?? null);
  const stop = entry.stop;
  if (stop === null) return touch;
  if (touch === null) return stop;
  if (buying) return stop.compare(touch) > 0 ? stop : touch;
  return stop.compare(touch) < 0 ? stop : touch;
}
