// When a stop order triggers, and how a trailing stop follows the best price.
import { divideRoundHalfEven, Price } from '@ats/core';
import type { WorkingOrder } from './working-order.js';

/** A buy stop is reached at or above the stop, a sell stop at or below it. */
export function stopReached(buying: boolean, stop: Price, price: Price): boolean {
  return buying ? price.compare(stop) >= 0 : price.compare(stop) <= 0;
}

/**
 * Moves a trailing stop's best price to `price` when it is better for the holder (a higher price for a
 * sell stop protecting a long, a lower one for a buy stop protecting a short), then sets the stop at the
 * offset from it. The stop only ever moves in the order's favour; an initial stop price on the order is
 * kept until the trail passes it.
 */
export function trail(entry: WorkingOrder, price: Price): void {
  const offset = entry.order.trailingOffset;
  if (!offset) return;
  const buying = entry.order.side === 'BUY';
  const best = entry.best;
  if (best !== null && (buying ? price.compare(best) >= 0 : price.compare(best) <= 0)) return;
  entry.best = price;
  const distance =
    offset.unit === 'price' ? offset.amount.raw : divideRoundHalfEven(price.raw * offset.basisPoints, 10_000);
  const raw = buying ? price.raw + distance : Math.max(1, price.raw - distance);
  const stop = Price.fromRaw(raw);
  const current = entry.stop;
  if (current === null || (buying ? stop.compare(current) < 0 : stop.compare(current) > 0)) entry.stop = stop;
}
