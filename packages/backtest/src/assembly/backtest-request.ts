// The one request that describes a backtest, whoever asks for it (the CLI, the REST API's worker, the
// optimizer, the benchmarks): strategy, symbols, where the data comes from, costs and account. Checked by
// one zod schema, so every entry point refuses the same bad input with the same field name.
import { isTimeframe } from '@ats/core';
// The namespace import, not `{ z }`: the CLI's bundle then keeps only the zod functions used (without its
// other 62 locales and JSON-schema tools, half the bundle), loaded at every `ats backtest`.
import * as z from 'zod';
import { monitorSchema } from './monitor-schema.js';
import { sizingSchema } from './sizing-schema.js';

const timeframe = z.string().refine(isTimeframe, 'must be a timeframe such as 5s, 1m, 4h, 1d, 1w or 1mo');

/** A calendar date (whole UTC day) or an ISO instant. */
const instant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/,
    'must be YYYY-MM-DD or an ISO instant',
  )
  .refine(
    (text) =>
      Number.isFinite(Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text)) &&
      (text.length !== 10 || new Date(`${text}T00:00:00Z`).toISOString().startsWith(text)),
    'is not a real date',
  );

const columnRef = z.union([z.string().min(1).max(64), z.number().int().min(0).max(255)]);

/** Which column of a file is which field (see @ats/adapter-files ColumnMapping). */
const columnMapping = z.strictObject({
  time: columnRef,
  timeFormat: z.enum(['iso', 'epoch-ms', 'epoch-s', 'yyyyMMdd HHmmss', 'ms-of-day']),
  zone: z.string().max(64).optional(),
  date: z.string().optional(),
  barStamp: z.enum(['start', 'end']).optional(),
  priceDecimals: z.number().int().min(0).max(8).optional(),
  symbol: z
    .union([z.strictObject({ column: columnRef }), z.strictObject({ value: z.string().min(1).max(32) })])
    .optional(),
  open: columnRef.optional(),
  high: columnRef.optional(),
  low: columnRef.optional(),
  close: columnRef.optional(),
  volume: columnRef.optional(),
  bid: columnRef.optional(),
  ask: columnRef.optional(),
  bidSize: columnRef.optional(),
  askSize: columnRef.optional(),
  last: columnRef.optional(),
});

const column = z.custom<Float64Array>((value) => value instanceof Float64Array, 'must be a Float64Array');
const series = z.strictObject({
  symbol: z.string().min(1).max(32),
  time: column,
  open: column,
  high: column,
  low: column,
  close: column,
  volume: column,
});

/** What the records of a source are: bars, quotes (bid/ask) or trade ticks; quotes and ticks become bars. */
const records = z.enum(['bars', 'quotes', 'ticks']).default('bars');

export const dataSourceSchema = z.discriminatedUnion('kind', [
  /** Files shipped with ATS: daily ORCL, NVDA, YHOO; SPY of 2013-10-07 (minute bars, minute quotes, ticks). */
  z.strictObject({ kind: z.literal('bundled'), records }),
  /** A CSV, Parquet, Yahoo or LEAN file, or a folder of <symbol>.csv/.txt/.parquet files. */
  z.strictObject({
    kind: z.literal('file'),
    path: z.string().min(1).max(4096),
    records,
    /** A preset (ninjatrader, yahoo, ats) or a mapping; well-known layouts are recognised without one. */
    mapping: z.union([z.enum(['ninjatrader', 'yahoo', 'ats']), columnMapping]).optional(),
    delimiter: z.string().min(1).max(4).optional(),
    header: z.boolean().optional(),
    /** IANA zone of times written without one (default UTC). */
    zone: z.string().max(64).optional(),
  }),
  /** The store's market_ohlcv (bars of `timeframe`) or market_quotes tables. */
  z.strictObject({ kind: z.literal('database'), records }),
  /** The Parquet data catalog (`ats data import`), streamed a date at a time. */
  z.strictObject({ kind: z.literal('catalog'), root: z.string().min(1).max(4096), records }),
  /** Bars already loaded, as columns (what crosses to worker threads). */
  z.strictObject({ kind: z.literal('series'), series: z.array(series).min(1).max(1000) }),
]);

const basisPoints = z.number().min(0).max(1_000);
const money = z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, 'must be an amount like 0.005');

/** A commission model other than basis points (overrides commissionBps). */
const commissionModel = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('per-share'), perShare: money, minimum: money }),
  z.strictObject({ kind: z.literal('basis-points'), basisPoints, minimum: money.optional() }),
  z.strictObject({ kind: z.literal('fixed'), perOrder: money }),
]);

/** A slippage model other than fixed basis points (overrides slippageBps). */
const slippageModel = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('fixed-basis-points'), basisPoints }),
  z.strictObject({ kind: z.literal('volume-share'), impact: z.number().min(0).max(1_000) }),
]);

export const backtestRequestSchema = z
  .strictObject({
    /** A registered kind, a strategy file (.ts/.js) or a package name (the REST API allows kinds and configured ids only). */
    strategy: z.string().min(1).max(4096),
    parameters: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/), z.number().finite()).default({}),
    symbols: z
      .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/))
      .min(1)
      .max(1000),
    data: dataSourceSchema.default({ kind: 'bundled', records: 'bars' }),
    /** The bars' timeframe, or the bars quotes and ticks are aggregated into (default 1d; 1m for quotes and ticks). */
    timeframe: timeframe.optional(),
    from: instant.optional(),
    to: instant.optional(),
    /** Starting cash: positive, at most 12 integer digits and 4 decimals. */
    cash: z
      .string()
      .regex(/^(?!0+(\.0+)?$)\d{1,12}(\.\d{1,4})?$/, 'must be a positive amount')
      .default('100000'),
    commissionBps: basisPoints.default(0),
    slippageBps: basisPoints.default(0),
    commission: commissionModel.optional(),
    slippage: slippageModel.optional(),
    fill: z.enum(['next-open', 'close']).default('next-open'),
    /** At most this share of a bar's volume per fill. */
    participation: z.number().min(0.0001).max(1).optional(),
    /** The venue's account: cash (no borrowing, no shorts) or margin (Reg T), by name or with its options. */
    account: z
      .union([
        z.enum(['cash', 'margin']),
        z.strictObject({ kind: z.literal('cash'), reduceAtFill: z.boolean().optional() }),
        z.strictObject({
          kind: z.literal('margin'),
          patternDayTrader: z.boolean().optional(),
          easyToBorrow: z.array(z.string().min(1).max(32)).max(10_000).readonly().optional(),
          reduceAtFill: z.boolean().optional(),
        }),
      ])
      .default('cash'),
    /** Rescale Yahoo OHLC by Adj Close / Close. */
    adjust: z.boolean().default(false),
    /** One equity point per period of this length (default: per time step). */
    equityResolution: timeframe.optional(),
    /** Position sizing as the Risk Manager's risk_models.sizing (default: the fixed fraction of 1 / symbols). */
    sizing: sizingSchema.optional(),
    /** The risk monitor as the Risk Manager's risk_models.monitor (alarms and their actions); absent: none. */
    monitor: monitorSchema.optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional(),
  })
  .refine(
    (request) =>
      request.from === undefined || request.to === undefined || startOf(request.from) <= endOf(request.to),
    { message: 'is after to', path: ['from'] },
  );

/** A request as written by a caller (defaults not yet applied). */
export type BacktestRequestInput = z.input<typeof backtestRequestSchema>;
/** A checked request with its defaults. */
export type BacktestRequest = z.output<typeof backtestRequestSchema>;
export type DataSource = z.output<typeof dataSourceSchema>;

/** The first millisecond a `from` covers. */
export function startOf(text: string): number {
  return text.length === 10 ? Date.parse(`${text}T00:00:00Z`) : Date.parse(text);
}

/** The last millisecond a `to` covers (a date covers its whole UTC day). */
export function endOf(text: string): number {
  return text.length === 10 ? Date.parse(`${text}T00:00:00Z`) + 86_399_999 : Date.parse(text);
}
