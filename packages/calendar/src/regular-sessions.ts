// A calendar's regular sessions by instant, in the shape the strategy runtime reads (its
// TradingSessions): multi-timeframe days follow the exchange (time zone, holidays, early closes).

import type { MarketCalendar } from './market-calendar.js';
import { firstSupportedYear, lastSupportedYear } from './nyse-calendar.js';

const supportedFrom = Date.UTC(firstSupportedYear, 0, 2);
const supportedUntil = Date.UTC(lastSupportedYear, 11, 30);
const day = 86_400_000;

export interface RegularSessionWindows {
  /**
   * The regular session holding the instant (open ≤ instant < close), or null outside every session
   * (pre- and after-market, weekends, holidays). Outside the calendar's years (synthetic test data)
   * the calendar knows nothing: the UTC day holding the instant stands in.
   */
  sessionAt(instant: number): { readonly open: number; readonly close: number } | null;
}

export function regularSessionWindows(calendar: MarketCalendar): RegularSessionWindows {
  // Bars arrive in time order: the last date's session answers almost every call.
  let lastDate = '';
  let lastSession: { open: number; close: number } | null = null;
  return {
    sessionAt(instant) {
      if (!(instant >= supportedFrom && instant < supportedUntil)) {
        const open = instant - (((instant % day) + day) % day);
        return { open, close: open + day };
      }
      const date = calendar.localDate(instant);
      if (date !== lastDate) {
        const session = calendar.session(date);
        lastDate = date;
        lastSession = session ? { open: session.open, close: session.close } : null;
      }
      return lastSession && instant >= lastSession.open && instant < lastSession.close ? lastSession : null;
    },
  };
}
