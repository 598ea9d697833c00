// Backtest inputs in a form that crosses to worker threads: bars as typed arrays, money as text.
import { type Bar, Money, Price, type Ticker, type Timeframe } from '@ats/core';
import type { CommissionModel } from '@ats/engine';
import type { FillRules, SlippageModel } from '../fill-rules.js';

export interface SerializedSeries {
  readonly symbol: string;
  readonly time: Float64Array;
  /** Raw fixed-point prices (1/10,000). */
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export type SerializedCommission =
  | { kind: 'per-share'; perShare: string; minimum: string }
  | { kind: 'basis-points'; basisPoints: number; minimum?: string | undefined }
  | { kind: 'fixed'; perOrder: string };

export interface SerializedRules {
  readonly marketFill: FillRules['marketFill'];
  readonly slippage: SlippageModel;
  readonly commission: SerializedCommission;
  readonly volumeParticipation?: number;
}

/**
 * The columns live in one SharedArrayBuffer: posting a series to worker threads (every task of an
 * optimization carries it) shares that memory instead of copying the history into each message.
 */
export function serializeSeries(symbol: string, bars: readonly Bar[]): SerializedSeries {
  const length = bars.length;
  const shared = new SharedArrayBuffer(6 * length * Float64Array.BYTES_PER_ELEMENT);
  const column = (index: number) =>
    new Float64Array(shared, index * length * Float64Array.BYTES_PER_ELEMENT, length);
  const series = {
    symbol,
    time: column(0),
    open: column(1),
    high: column(2),
    low: column(3),
    close: column(4),
    volume: column(5),
  };
  for (let index = 0; index < length; index++) {
    const bar = bars[index] as Bar;
    series.time[index] = bar.time;
    series.open[index] = bar.open.raw;
    series.high[index] = bar.high.raw;
    series.low[index] = bar.low.raw;
    series.close[index] = bar.close.raw;
    series.volume[index] = bar.volume;
  }
  return series;
}

export function deserializeSeries(series: SerializedSeries, timeframe: Timeframe = '1d'): Bar[] {
  const symbol = series.symbol as Ticker;
  return Array.from(series.time, (time, index) => ({
    symbol,
    timeframe,
    time,
    open: Price.fromRaw(series.open[index] as number),
    high: Price.fromRaw(series.high[index] as number),
    low: Price.fromRaw(series.low[index] as number),
    close: Price.fromRaw(series.close[index] as number),
    volume: series.volume[index] as number,
  }));
}

export function serializeRules(rules: FillRules): SerializedRules {
  const commission = rules.commission;
  const serialized: SerializedCommission =
    commission.kind === 'per-share'
      ? {
          kind: 'per-share',
          perShare: commission.perShare.toString(),
          minimum: commission.minimum.toString(),
        }
      : commission.kind === 'basis-points'
        ? {
            kind: 'basis-points',
            basisPoints: commission.basisPoints,
            ...(commission.minimum ? { minimum: commission.minimum.toString() } : {}),
          }
        : { kind: 'fixed', perOrder: commission.perOrder.toString() };
  return {
    marketFill: rules.marketFill,
    slippage: rules.slippage,
    commission: serialized,
    ...(rules.volumeParticipation !== undefined ? { volumeParticipation: rules.volumeParticipation } : {}),
  };
}

export function deserializeRules(rules: SerializedRules): FillRules {
  const commission = rules.commission;
  const model: CommissionModel =
    commission.kind === 'per-share'
      ? { kind: 'per-share', perShare: Money.of(commission.perShare), minimum: Money.of(commission.minimum) }
      : commission.kind === 'basis-points'
        ? {
            kind: 'basis-points',
            basisPoints: commission.basisPoints,
            ...(commission.minimum ? { minimum: Money.of(commission.minimum) } : {}),
          }
        : { kind: 'fixed', perOrder: Money.of(commission.perOrder) };
  return {
    marketFill: rules.marketFill,
    slippage: rules.slippage,
    commission: model,
    ...(rules.volumeParticipation !== undefined ? { volumeParticipation: rules.volumeParticipation } : {}),
  };
}
