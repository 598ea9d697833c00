// Bar timeframes: parsing "1m", "5m", "1h", "1d" and their length in milliseconds.

export type Timeframe = '1m' | '5m' | '15m' | '30m' | '1h' | '1d';

const lengths: Record<Timeframe, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
};

export const timeframes = Object.keys(lengths) as Timeframe[];

export function isTimeframe(value: string): value is Timeframe {
  return value in lengths;
}

/** The nominal length of a bar; daily bars follow sessions, so their length is only a label. */
export function timeframeMilliseconds(timeframe: Timeframe): number {
  return lengths[timeframe];
}
