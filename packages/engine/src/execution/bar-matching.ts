// The fill rules against an OHLCV bar: gaps at the open, limits and stops reached inside the range.
import type { Bar, Price } from '@ats/core';
import { type FillMatch, volumeCap, withinLimit } from './fill-match.js';
import { stopReached, trail } from './stop-triggers.js';
import { isStopType, type WorkingOrder } from './working-order.js';

/** Which auction an OPG or CLS order trades in on this bar; null for continuous trading. */
export type BarAuction = 'open' | 'close' | null;

/**
 * - market: the open;
 * - limit buy at L: the open if the bar opens at or below L (a gap through the limit), else L if the
 *   low reaches it; sells mirror it;
 * - stop buy at S: the open if the bar opens at or above S, else S if the high reaches it; sells mirror
 *   it; a trailing stop trails from the open, and its stop moves with the bar's high (sell) or low
 *   (buy) only after the bar (the path inside a bar is unknown, so the stop is the one at the open);
 *   a stop-limit triggered inside a bar trades at the trigger if its limit accepts it, else as a limit
 *   from the next bar;
 * - OPG orders trade only at the open and CLS orders only at the close (a limit checked against it);
 * - at most the volume participation's share of the bar's volume (no cap without one).
 */
export function matchBar(
  entry: WorkingOrder,
  bar: Bar,
  auction: BarAuction,
  participation: number | undefined,
): FillMatch | null {
  const buying = entry.order.side === 'BUY';
  const cap = volumeCap(bar.volume, participation);
  const at = (price: Price): FillMatch => ({ price, available: cap, slippageVolume: bar.volume });
  if (auction !== null) {
    const price = auction === 'open' ? bar.open : bar.close;
    return withinLimit(buying, entry.limit, price) ? at(price) : null;
  }
  if (!entry.triggered && isStopType(entry)) {
    const trailing = entry.order.type === 'TRAILING_STOP';
    if (trailing && entry.best === null) trail(entry, bar.open);
    const stop = entry.stop as Price;
    let trigger: Price | null = null;
    if (stopReached(buying, stop, bar.open)) trigger = bar.open;
    else if (stopReached(buying, stop, buying ? bar.high : bar.low)) trigger = stop;
    if (trigger === null) {
      if (trailing) trail(entry, buying ? bar.low : bar.high);
      return null;
    }
    entry.triggered = true;
    if (entry.limit === null) return at(trigger);
    return withinLimit(buying, entry.limit, trigger) ? at(trigger) : null;
  }
  const limit = entry.limit;
  if (limit === null) return at(bar.open);
  if (withinLimit(buying, limit, bar.open)) return at(bar.open);
  if (withinLimit(buying, limit, buying ? bar.low : bar.high)) return at(limit);
  return null;
}
