// The VWAP profile of a symbol from its stored one-minute bars (market_ohlcv), by minute of the NYSE
// session, over the sessions before the one in progress.
import { type IntradayVolumeProfile, intradayVolumeProfile } from '@ats/analytics';
import { NyseCalendar } from '@ats/calendar';
import { InvalidInputError, type Repositories, type Ticker } from '@ats/core';

const calendar = new NyseCalendar();

export function sessionHoursOf(time: number) {
  const session = calendar.session(calendar.localDate(time));
  return session ? { date: session.date, open: session.open, close: session.close } : null;
}

export async function storedVolumeProfile(
  repositories: Repositories,
  symbol: Ticker,
  now: number,
  sessions = 20,
): Promise<IntradayVolumeProfile> {
  let first = calendar.localDate(now);
  for (let index = 0; index < sessions; index++) first = calendar.previousSession(first).date;
  const from = calendar.session(first)?.open ?? now - sessions * 86_400_000;
  const bars = await repositories.marketData.loadBars(symbol, '1m', from, now);
  const profile = intradayVolumeProfile(symbol, bars, sessionHoursOf, `stored 1-minute bars of ${symbol}`);
  if (profile.sessions === 0)
    throw new InvalidInputError(
      'symbol',
      `no stored 1-minute bars of ${symbol} in the last ${sessions} sessions to estimate a VWAP profile from`,
    );
  return profile;
}
