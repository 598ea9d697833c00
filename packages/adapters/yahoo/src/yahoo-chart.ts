// Yahoo Finance's v8 chart JSON to ATS bars and corporate actions: epoch-second timestamps (daily bars
// to their session date in the exchange's zone), prices rounded once to 1/10,000 from their text.
import {
  AtsError,
  type Bar,
  type CorporateAction,
  InvalidInputError,
  priceFromProvider,
  type StandardTimeframe,
  sessionDateStamp,
  type Ticker,
  type Timeframe,
} from '@ats/core';

export const yahooSource = 'yahoo';

/** ATS timeframes as Yahoo's `interval`, and the longest range Yahoo serves per request at that interval. */
export const yahooIntervals: Readonly<
  Record<StandardTimeframe, { interval: string; maxRangeMilliseconds: number }>
> = {
  '1m': { interval: '1m', maxRangeMilliseconds: 7 * 86_400_000 },
  '5m': { interval: '5m', maxRangeMilliseconds: 59 * 86_400_000 },
  '15m': { interval: '15m', maxRangeMilliseconds: 59 * 86_400_000 },
  '30m': { interval: '30m', maxRangeMilliseconds: 59 * 86_400_000 },
  '1h': { interval: '60m', maxRangeMilliseconds: 729 * 86_400_000 },
  '1d': { interval: '1d', maxRangeMilliseconds: 3_650 * 86_400_000 },
};

type Json = Record<string, unknown>;

export interface YahooChart {
  readonly bars: Bar[];
  readonly actions: CorporateAction[];
  /** Rows Yahoo sent with a null price (no trade in that interval), left out. */
  readonly skippedRows: number;
}

function array(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new InvalidInputError(where, 'is not an array', value);
  return value;
}

/**
 * Reads one chart answer. Yahoo's chart prices are floats such as 150.63999938964844 (single-precision
 * values widened): their text is parsed exactly and rounded half-even to four places, once.
 */
export function parseYahooChart(body: unknown, symbol: Ticker, timeframe: Timeframe): YahooChart {
  const chart = (body as Json | null)?.chart as Json | undefined;
  if (!chart) throw new AtsError('DATA_PROVIDER_UNAVAILABLE', 'yahoo: the answer has no chart');
  const error = chart.error as Json | null | undefined;
  if (error)
    throw new AtsError('INVALID_INPUT', `yahoo: ${String(error.code)}: ${String(error.description)}`, {
      details: { provider: yahooSource },
    });
  const result = array(chart.result, 'chart.result')[0] as Json | undefined;
  if (!result) return { bars: [], actions: [], skippedRows: 0 };
  const meta = (result.meta ?? {}) as Json;
  const zone = typeof meta.exchangeTimezoneName === 'string' ? meta.exchangeTimezoneName : 'America/New_York';
  const timestamps =
    result.timestamp === undefined ? [] : array(result.timestamp, 'chart.result[0].timestamp');
  const indicators = (result.indicators ?? {}) as Json;
  const quote = (array(indicators.quote ?? [{}], 'indicators.quote')[0] ?? {}) as Json;
  const adjusted = ((indicators.adjclose as Json[] | undefined)?.[0]?.adjclose ?? null) as unknown[] | null;
  const column = (name: string) =>
    quote[name] === undefined ? [] : array(quote[name], `indicators.quote[0].${name}`);
  const [open, high, low, close, volume] = ['open', 'high', 'low', 'close', 'volume'].map(
    column,
  ) as unknown[][];
  const bars: Bar[] = [];
  let skippedRows = 0;
  for (const [index, stamp] of timestamps.entries()) {
    const where = `yahoo chart row ${index}`;
    if (typeof stamp !== 'number')
      throw new InvalidInputError(`${where}.timestamp`, 'is not epoch seconds', stamp);
    const row = [open?.[index], high?.[index], low?.[index], close?.[index]];
    if (row.some((value) => value === null || value === undefined)) {
      skippedRows++;
      continue;
    }
    const start = stamp * 1000;
    const adjustedClose = adjusted?.[index];
    bars.push({
      symbol,
      timeframe,
      // Daily rows are stamped at the session's open in exchange time; ATS stamps 00:00 UTC of the date.
      time: timeframe === '1d' ? sessionDateStamp(start, zone) : start,
      open: priceFromProvider(row[0], `${where}.open`),
      high: priceFromProvider(row[1], `${where}.high`),
      low: priceFromProvider(row[2], `${where}.low`),
      close: priceFromProvider(row[3], `${where}.close`),
      volume: Math.round(Number(volume?.[index] ?? 0)),
      ...(typeof adjustedClose === 'number'
        ? { adjustedClose: priceFromProvider(adjustedClose, `${where}.adjclose`) }
        : {}),
    });
  }
  return { bars, actions: actionsOf(result.events as Json | undefined, symbol, zone), skippedRows };
}

function actionsOf(events: Json | undefined, symbol: Ticker, zone: string): CorporateAction[] {
  const actions: CorporateAction[] = [];
  for (const split of Object.values((events?.splits ?? {}) as Record<string, Json>)) {
    const to = Number(split.numerator);
    const from = Number(split.denominator);
    if (!Number.isSafeInteger(to) || !Number.isSafeInteger(from) || to <= 0 || from <= 0)
      throw new InvalidInputError(
        'yahoo split',
        `ratio ${String(split.splitRatio)} is not whole numbers`,
        split,
      );
    actions.push({
      kind: 'split',
      symbol,
      exDate: sessionDateStamp(Number(split.date) * 1000, zone),
      from,
      to,
      source: yahooSource,
    });
  }
  for (const dividend of Object.values((events?.dividends ?? {}) as Record<string, Json>))
    actions.push({
      kind: 'dividend',
      symbol,
      exDate: sessionDateStamp(Number(dividend.date) * 1000, zone),
      amount: priceFromProvider(dividend.amount, 'yahoo dividend amount'),
      source: yahooSource,
    });
  return actions.sort((a, b) => a.exDate - b.exDate);
}
