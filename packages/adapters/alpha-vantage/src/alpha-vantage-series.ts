// Alpha Vantage TIME_SERIES_DAILY / TIME_SERIES_INTRADAY JSON to ATS bars: dates to 00:00 UTC, intraday
// US/Eastern wall-clock strings to UTC, prices exact from their decimal strings; its "Note" and
// "Information" answers recognised as throttling, "Error Message" as a refused request.
import {
  AtsError,
  type Bar,
  InvalidInputError,
  parseZonedDateTime,
  priceFromProvider,
  providerThrottled,
  type StandardTimeframe,
  type Ticker,
  type Timeframe,
  wholeNumberFromProvider,
} from '@ats/core';

export const alphaVantageSource = 'alpha-vantage';

/** ATS intraday timeframes as Alpha Vantage's `interval`. */
export const alphaVantageIntervals: Readonly<Partial<Record<StandardTimeframe, string>>> = {
  '1m': '1min',
  '5m': '5min',
  '15m': '15min',
  '30m': '30min',
  '1h': '60min',
};

type Json = Record<string, unknown>;

/**
 * How long a throttle answer pauses the client: about the per-minute (or per-second) frequency, the
 * minute pause; about the daily limit alone, until the next UTC day (Alpha Vantage does not say when
 * its day turns, so that is the earliest it can have).
 */
export function throttleWaitOf(message: string, now: number, minutePauseMilliseconds: number): number {
  if (/per minute|per second|call frequency|sparingly/i.test(message)) return minutePauseMilliseconds;
  if (/per day|daily/i.test(message)) return Math.floor(now / 86_400_000 + 1) * 86_400_000 - now;
  return minutePauseMilliseconds;
}

/**
 * Alpha Vantage answers HTTP 200 to everything: the body says what happened. "Note" (older) and
 * "Information" about the call frequency or rate limit are throttle answers; other "Information"
 * (a premium-only endpoint, a missing key) and "Error Message" are refusals that a retry cannot fix.
 */
export function checkAlphaVantageAnswer(body: Json, now: number, minutePauseMilliseconds = 60_000): void {
  const note = body.Note;
  const information = body.Information;
  const throttle =
    typeof note === 'string'
      ? note
      : typeof information === 'string' && /rate limit|call frequency|requests per/i.test(information)
        ? information
        : null;
  if (throttle !== null)
    throw providerThrottled(
      alphaVantageSource,
      throttle,
      throttleWaitOf(throttle, now, minutePauseMilliseconds),
    );
  if (typeof information === 'string')
    throw new AtsError('UNAUTHORIZED', `alpha-vantage: ${information}`, {
      details: { provider: alphaVantageSource },
    });
  if (typeof body['Error Message'] === 'string')
    throw new AtsError('INVALID_INPUT', `alpha-vantage: ${body['Error Message']}`, {
      details: { provider: alphaVantageSource },
    });
}

/** The bars of one answer, oldest first. */
export function parseAlphaVantageSeries(body: Json, symbol: Ticker, timeframe: Timeframe): Bar[] {
  const seriesKey = Object.keys(body).find((key) => key.startsWith('Time Series'));
  if (!seriesKey)
    throw new AtsError(
      'DATA_PROVIDER_UNAVAILABLE',
      `alpha-vantage: the answer has no time series (keys: ${Object.keys(body).join(', ')})`,
    );
  const meta = (body['Meta Data'] ?? {}) as Json;
  const zoneEntry = Object.entries(meta).find(([key]) => key.endsWith('Time Zone'));
  // Alpha Vantage names the zone "US/Eastern", an IANA alias of America/New_York.
  const zone = zoneEntry ? String(zoneEntry[1]) : 'US/Eastern';
  const series = body[seriesKey] as Record<string, Json>;
  const bars: Bar[] = [];
  for (const [stamp, values] of Object.entries(series)) {
    const where = `alpha-vantage ${seriesKey}[${stamp}]`;
    const value = (name: string) => {
      const key = Object.keys(values).find((candidate) => candidate.endsWith(`. ${name}`));
      if (key === undefined) throw new InvalidInputError(`${where}.${name}`, 'is missing');
      return values[key];
    };
    bars.push({
      symbol,
      timeframe,
      // Daily: the date itself at 00:00 UTC (ATS's daily stamp). Intraday: the bar's start, a wall-clock
      // time in the zone of Meta Data (US/Eastern), to UTC.
      time: timeframe === '1d' ? dateStamp(stamp, where) : parseZonedDateTime(stamp, zone, where),
      open: priceFromProvider(value('open'), `${where}.open`),
      high: priceFromProvider(value('high'), `${where}.high`),
      low: priceFromProvider(value('low'), `${where}.low`),
      close: priceFromProvider(value('close'), `${where}.close`),
      volume: wholeNumberFromProvider(value('volume'), `${where}.volume`),
    });
  }
  return bars.sort((a, b) => a.time - b.time);
}

function dateStamp(text: string, where: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new InvalidInputError(where, `'${text}' is not a date`, text);
  const time = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(time)) throw new InvalidInputError(where, `'${text}' is not a date`, text);
  return time;
}
