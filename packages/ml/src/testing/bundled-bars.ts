// Real bars for tests: ORCL daily (the backtest package's fixture) and SPY minutes of January 2011 (this package's fixture).
import { readFileSync } from 'node:fs';
import type { FeatureBar } from '../features/feature-spec.js';

/** ORCL daily bars (Yahoo CSV, `Date,Open,High,Low,Close,Adj Close,Volume`) between two dates, inclusive. */
export function orclDailyBars(from: string, to: string): FeatureBar[] {
  const text = readFileSync(
    new URL('../../../backtest/fixtures/orcl-1995-2014.txt', import.meta.url),
    'utf8',
  );
  return text
    .trim()
    .split('\n')
    .slice(1)
    .filter((line) => line.slice(0, 10) >= from && line.slice(0, 10) <= to)
    .map((line) => {
      const [date, open, high, low, close, , volume] = line.split(',') as string[];
      return {
        time: Date.parse(`${date}T21:00:00Z`),
        open: Number(open),
        high: Number(high),
        low: Number(low),
        close: Number(close),
        volume: Number(volume),
      };
    });
}

/** SPY one-minute bars (NinjaTrader: UTC, bar end time) of the first `sessions` days, regular hours only, stamped at bar start. */
export function spyMinuteBars(sessions: number): FeatureBar[] {
  const text = readFileSync(new URL('../../fixtures/nt-spy-minute-2011.csv', import.meta.url), 'utf8');
  const bars: FeatureBar[] = [];
  const days = new Set<string>();
  for (const line of text.trim().split('\n')) {
    const [stamp, open, high, low, close, volume] = line.split(';') as string[];
    const day = (stamp as string).slice(0, 8);
    const end = Date.UTC(
      Number(day.slice(0, 4)),
      Number(day.slice(4, 6)) - 1,
      Number(day.slice(6, 8)),
      Number(stamp?.slice(9, 11)),
      Number(stamp?.slice(11, 13)),
    );
    const start = end - 60_000;
    // January: New York is UTC−5; the regular session's bars start 09:30..15:59.
    const minute = (((start / 60_000 - 300) % 1440) + 1440) % 1440;
    if (minute < 570 || minute >= 960) continue;
    days.add(day);
    if (days.size > sessions) break;
    bars.push({
      time: start,
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close),
      volume: Number(volume),
    });
  }
  return bars;
}
