// The fill rules against a quote (top of book with the last trade): takers at the touch, up to its size.
import type { Quote } from '@ats/core';
import { type FillMatch, withinLimit } from './fill-match.js';
import { stopReached, trail } from './stop-triggers.js';
import { isStopType, type WorkingOrder } from './working-order.js';

/**
 * - a stop (or trailing stop) triggers when the quote's last trade reaches it; a trailing stop first
 *   trails that last trade;
 * - buys take the ask, sells hit the bid, when the limit (if any) accepts it;
 * - at most the displayed size still left on that side of this quote (`displayedLeft`: other orders
 *   that matched the same quote took the rest); a displayed size of 0 means unknown and caps nothing.
 */
export function matchQuote(entry: WorkingOrder, quote: Quote, displayedLeft: number): FillMatch | null {
  const buying = entry.order.side === 'BUY';
  if (!entry.triggered && isStopType(entry)) {
    if (entry.order.type === 'TRAILING_STOP') trail(entry, quote.last);
    const stop = entry.stop;
    if (stop === null || !stopReached(buying, stop, quote.last)) return null;
    entry.triggered = true;
  }
  const price = buying ? quote.ask : quote.bid;
  if (!withinLimit(buying, entry.limit, price)) return null;
  const displayed = buying ? quote.askSize : quote.bidSize;
  return {
    price,
    available: displayed > 0 ? displayedLeft : Number.POSITIVE_INFINITY,
    slippageVolume: displayed,
  };
}
