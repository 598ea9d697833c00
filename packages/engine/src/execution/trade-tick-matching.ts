// The fill rules against one trade print: the print's price, up to a share of its size.
import type { TradeTick } from '@ats/core';
import { type FillMatch, volumeCap, withinLimit } from './fill-match.js';
import { stopReached, trail } from './stop-triggers.js';
import { isStopType, type WorkingOrder } from './working-order.js';

/**
 * - a stop triggers when a print reaches it (a trailing stop first trails the print);
 * - the order trades at the print's price when its limit (if any) accepts it: a print through the
 *   limit is marketable for the order, as a bar's open through the limit is;
 * - at most the volume participation's share of the print's size (no cap without one).
 */
export function matchTradeTick(
  entry: WorkingOrder,
  tick: TradeTick,
  participation: number | undefined,
): FillMatch | null {
  const buying = entry.order.side === 'BUY';
  if (!entry.triggered && isStopType(entry)) {
    if (entry.order.type === 'TRAILING_STOP') trail(entry, tick.price);
    const stop = entry.stop;
    if (stop === null || !stopReached(buying, stop, tick.price)) return null;
    entry.triggered = true;
  }
  if (!withinLimit(buying, entry.limit, tick.price)) return null;
  return { price: tick.price, available: volumeCap(tick.size, participation), slippageVolume: tick.size };
}
