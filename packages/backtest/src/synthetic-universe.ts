// A seeded synthetic universe of daily series for universe tests and benchmarks: staggered listings,
// delistings, splits and dividends, on weekdays (no exchange holidays: synthetic data).
import { type Bar, type CorporateAction, Price, SeededRandom, type Ticker } from '@ats/core';

export interface SyntheticUniverseOptions {
  readonly symbols: number;
  /** Weekdays from the first date to the last. */
  readonly days: number;
  readonly seed?: number;
  /** First date, 00:00 UTC (default 2015-01-05, a Monday). */
  readonly start?: number;
}

export interface SyntheticUniverse {
  readonly bars: Map<Ticker, Bar[]>;
  readonly corporateActions: CorporateAction[];
}

const dayMilliseconds = 86_400_000;

/** The first `count` weekdays from `start` (00:00 UTC). */
function weekdays(start: number, count: number): number[] {
  const times: number[] = [];
  for (let time = start; times.length < count; time += dayMilliseconds) {
    const weekday = new Date(time).getUTCDay();
    if (weekday !== 0 && weekday !== 6) times.push(time);
  }
  return times;
}

/**
 * Each symbol: a geometric random walk (its own drift and volatility) of raw bars, as a data vendor
 * would deliver them unadjusted. A quarter list after the first day; about one in six is delisted
 * before the last; one in five splits 2:1 (raw prices halve from the ex-date, volume doubles); one in
 * four pays quarterly dividends of 0.5% (the raw close drops by it on the ex-date).
 */
export function syntheticUniverse(options: SyntheticUniverseOptions): SyntheticUniverse {
  const random = new SeededRandom(options.seed ?? 7);
  const times = weekdays(options.start ?? Date.UTC(2015, 0, 5), options.days);
  const bars = new Map<Ticker, Bar[]>();
  const corporateActions: CorporateAction[] = [];
  for (let index = 0; index < options.symbols; index++) {
    const symbol = `U${String(index).padStart(4, '0')}` as Ticker;
    const first = random.next() < 0.25 ? Math.floor(random.next() * times.length * 0.4) : 0;
    const last =
      random.next() < 1 / 6
        ? Math.min(times.length - 1, first + 60 + Math.floor(random.next() * times.length * 0.6))
        : times.length - 1;
    const drift = (random.next() - 0.45) * 0.002;
    const volatility = 0.01 + random.next() * 0.02;
    const splitAt = random.next() < 0.2 ? first + 1 + Math.floor(random.next() * (last - first - 1)) : -1;
    const pays = random.next() < 0.25;
    let price = 20 + random.next() * 180;
    let factor = 1;
    const series: Bar[] = [];
    for (let day = first; day <= last; day++) {
      const time = times[day] as number;
      if (day === splitAt) {
        factor *= 2;
        corporateActions.push({ kind: 'split', symbol, exDate: time, from: 1, to: 2, source: 'synthetic' });
      }
      const open = price * (1 + random.nextGaussian() * volatility * 0.3);
      price = Math.max(1, price * Math.exp(drift + random.nextGaussian() * volatility));
      let close = price;
      if (pays && day > first && day % 63 === 0) {
        const amount = Price.fromRaw(Math.round((close / factor) * 0.005 * 10_000));
        if (amount.raw > 0) {
          corporateActions.push({ kind: 'dividend', symbol, exDate: time, amount, source: 'synthetic' });
          price -= amount.toNumber() * factor;
          close = price;
        }
      }
      const high = Math.max(open, close) * (1 + random.next() * volatility * 0.5);
      const low = Math.min(open, close) * (1 - random.next() * volatility * 0.5);
      series.push({
        symbol,
        timeframe: '1d',
        time,
        open: Price.of(Math.max(0.01, open / factor)),
        high: Price.of(Math.max(0.01, high / factor)),
        low: Price.of(Math.max(0.01, low / factor)),
        close: Price.of(Math.max(0.01, close / factor)),
        volume: Math.round((100_000 + random.next() * 900_000) * factor),
      });
    }
    bars.set(symbol, series);
  }
  return { bars, corporateActions };
}
