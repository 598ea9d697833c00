// Bar timeframes: parsing "5s", "1m", "4h", "1d", "1w", "1mo" (seconds to months), their nominal length in
// milliseconds, and the start of the period an instant falls in.

/** A count and a unit: s (seconds), m (minutes), h (hours), d (days), w (weeks), mo (months). */
export type Timeframe = `${number}${'s' | 'm' | 'h' | 'd' | 'w' | 'mo'}`;

/** The timeframes every provider and the collector know (a backtest takes any `Timeframe`). */
export const timeframes = ['1m', '5m', '15m', '30m', '1h', '1d'] as const satisfies readonly Timeframe[];

const unitLengths: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  mo: 30 * 86_400_000,
};

const pattern = /^([1-9]\d{0,5})(s|m|h|d|w|mo)$/;

interface TimeframeParts {
  readonly count: number;
  readonly unit: string;
}

/** Parts of the timeframes seen so far: a period start is asked for at every bar of some runs. */
const partsCache = new Map<string, TimeframeParts>();

/** Count and unit of a timeframe text, or null when it is not one. */
function partsOf(value: string): TimeframeParts | null {
  const cached = partsCache.get(value);
  if (cached !== undefined) return cached;
  const match = pattern.exec(value);
  if (!match) return null;
  const parts: TimeframeParts = { count: Number(match[1]), unit: match[2] as string };
  partsCache.set(value, parts);
  return parts;
}

export function isTimeframe(value: string): value is Timeframe {
  return partsOf(value) !== null;
}

const lengthCache = new Map<string, number>();
let lastTimeframe: string | undefined;
let lastLength = 0;

/**
 * The nominal length of a bar: exact for seconds to weeks; a month counts 30 days. Daily bars follow
 * sessions, so their length is only a label.
 */
export function timeframeMilliseconds(timeframe: Timeframe): number {
  // The timeframe asked last, without a map lookup: a portfolio asks at every bar, mostly the same one.
  if (timeframe === lastTimeframe) return lastLength;
  const cached = lengthCache.get(timeframe);
  if (cached !== undefined) {
    lastTimeframe = timeframe;
    lastLength = cached;
    return cached;
  }
  const parts = partsOf(timeframe);
  if (!parts) throw new RangeError(`'${timeframe}' is not a timeframe (e.g. 5s, 1m, 4h, 1d, 1w, 1mo)`);
  const length = parts.count * (unitLengths[parts.unit] as number);
  lengthCache.set(timeframe, length);
  return length;
}

/**
 * The start (UTC) of the period of `timeframe` that contains `time`: multiples of the length since the
 * epoch for seconds to days, Mondays for weeks, first days of months (counted from January 1970) for months.
 */
export function timeframePeriodStart(time: number, timeframe: Timeframe): number {
  const parts = partsOf(timeframe);
  if (!parts) throw new RangeError(`'${timeframe}' is not a timeframe`);
  if (parts.unit === 'mo') {
    const date = new Date(time);
    const months = date.getUTCFullYear() * 12 + date.getUTCMonth() - 1970 * 12;
    const first = months - (((months % parts.count) + parts.count) % parts.count);
    return Date.UTC(1970 + Math.floor(first / 12), ((first % 12) + 12) % 12, 1);
  }
  const length = timeframeMilliseconds(timeframe);
  // The epoch was a Thursday: weeks start on Mondays, 4 days later.
  const offset = parts.unit === 'w' ? 4 * 86_400_000 : 0;
  return time - ((((time - offset) % length) + length) % length);
}

/** One of the timeframes every provider serves. */
export type StandardTimeframe = (typeof timeframes)[number];

/**
 * A provider's value for a timeframe from its table of the standard ones; any other timeframe (e.g. 5s or
 * 1mo, which only files and the catalog hold) is refused with a message naming the provider.
 */
export function providerTimeframe<T>(
  table: Readonly<Record<StandardTimeframe, T>>,
  timeframe: Timeframe,
  provider: string,
): T {
  if (!Object.hasOwn(table, timeframe))
    throw new RangeError(
      `${provider} serves no ${timeframe} bars (it serves ${Object.keys(table).join(', ')})`,
    );
  return table[timeframe as StandardTimeframe];
}
