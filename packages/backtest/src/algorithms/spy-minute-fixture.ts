// The SPY one-minute bars of January and March 2011 (fixtures/, from PyAlgoTrade) with their NYSE
// sessions, for the execution-algorithm tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SessionHours } from '@ats/analytics';
import { NyseCalendar } from '@ats/calendar';
import { type Bar, defineEquity } from '@ats/core';
import { parseNinjaTraderMinuteBars } from '../ninjatrader-minute-csv.js';

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));
export const spy = defineEquity({ symbol: 'SPY', lotSize: 1 });
const calendar = new NyseCalendar();

export function spyMinuteBars(month: '2011-01' | '2011-03'): Bar[] {
  const file = month === '2011-01' ? 'nt-spy-minute-2011.csv' : 'nt-spy-minute-2011-03.csv';
  return parseNinjaTraderMinuteBars(readFileSync(`${fixtures}${file}`, 'utf8'), 'SPY');
}

/** The regular session a bar start falls in (by its New York date), or null. */
export function sessionOf(time: number): SessionHours | null {
  const session = calendar.session(calendar.localDate(time));
  return session ? { date: session.date, open: session.open, close: session.close } : null;
}

/** The bars inside each regular session, by session date, in time order. */
export function regularSessions(bars: readonly Bar[]): Map<string, { session: SessionHours; bars: Bar[] }> {
  const days = new Map<string, { session: SessionHours; bars: Bar[] }>();
  for (const bar of bars) {
    const session = sessionOf(bar.time);
    if (!session || bar.time < session.open || bar.time >= session.close) continue;
    let day = days.get(session.date);
    if (!day) {
      day = { session, bars: [] };
      days.set(session.date, day);
    }
    day.bars.push(bar);
  }
  return days;
}
