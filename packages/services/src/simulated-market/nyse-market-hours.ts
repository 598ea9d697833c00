// NYSE regular-session hours for the simulated market and the day boundaries of the risk limits.
import { NyseCalendar } from '@ats/calendar';
import type { MarketHours } from './simulated-market-client.js';

export interface NyseMarketHours extends MarketHours {
  /** The open of the latest session that opened at or before `time`. */
  latestOpen(time: number): number;
  /** The exchange-local date of an instant (a new date starts a new risk day). */
  sessionDate(time: number): string;
}

const calendar = new NyseCalendar();

export const nyseMarketHours: NyseMarketHours = {
  isOpen: (time) => calendar.isOpen(time),
  nextOpen: (time) => calendar.nextOpen(time),
  latestOpen: (time) => calendar.previousOpen(time),
  sessionDate: (time) => calendar.localDate(time),
};
