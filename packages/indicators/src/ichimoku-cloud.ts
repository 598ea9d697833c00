// Ichimoku Kinko Hyo: conversion, base, leading spans and lagging span, unshifted (the caller plots the shifts).
import {
  barReader,
  checkBar,
  checkPeriod,
  type OhlcvBar,
  type OhlcvColumns,
  runBatchOutputs,
} from './indicator.js';
import { WindowExtremes } from './window-extremes.js';

/**
 * Ichimoku (9, 26, 52), Goichi Hosoda's definitions: conversion (tenkan) = midpoint of the last 9 bars'
 * range; base (kijun) = midpoint of 26; leading span A = (conversion + base) / 2 and leading span B =
 * midpoint of 52, both plotted 26 bars ahead; lagging span = the close, plotted 26 bars back. Values
 * here are those computed at the current bar; `displacement` says how far to shift them.
 */
export class IchimokuCloud {
  readonly warmUp: number;
  readonly displacement: number;
  private readonly conversionWindow: WindowExtremes;
  private readonly baseWindow: WindowExtremes;
  private readonly spanBWindow: WindowExtremes;
  conversion = Number.NaN;
  base = Number.NaN;
  leadingSpanA = Number.NaN;
  leadingSpanB = Number.NaN;
  laggingSpan = Number.NaN;

  constructor(
    readonly conversionPeriod = 9,
    readonly basePeriod = 26,
    readonly spanBPeriod = 52,
  ) {
    checkPeriod('Ichimoku conversion', conversionPeriod);
    checkPeriod('Ichimoku base', basePeriod);
    checkPeriod('Ichimoku span B', spanBPeriod);
    this.conversionWindow = new WindowExtremes(conversionPeriod);
    this.baseWindow = new WindowExtremes(basePeriod);
    this.spanBWindow = new WindowExtremes(spanBPeriod);
    this.displacement = basePeriod;
    this.warmUp = Math.max(conversionPeriod, basePeriod, spanBPeriod);
  }

  get ready(): boolean {
    return this.spanBWindow.full && this.baseWindow.full && this.conversionWindow.full;
  }
  get value(): number {
    return this.conversion;
  }

  update(bar: OhlcvBar): number {
    checkBar('Ichimoku', bar);
    this.conversionWindow.push(bar.high, bar.low);
    this.baseWindow.push(bar.high, bar.low);
    this.spanBWindow.push(bar.high, bar.low);
    this.laggingSpan = bar.close;
    if (this.conversionWindow.full)
      this.conversion = (this.conversionWindow.highest + this.conversionWindow.lowest) / 2;
    if (this.baseWindow.full) this.base = (this.baseWindow.highest + this.baseWindow.lowest) / 2;
    if (this.conversionWindow.full && this.baseWindow.full)
      this.leadingSpanA = (this.conversion + this.base) / 2;
    if (this.spanBWindow.full) this.leadingSpanB = (this.spanBWindow.highest + this.spanBWindow.lowest) / 2;
    return this.ready ? this.conversion : Number.NaN;
  }

  reset(): void {
    this.conversionWindow.reset();
    this.baseWindow.reset();
    this.spanBWindow.reset();
    this.conversion = Number.NaN;
    this.base = Number.NaN;
    this.leadingSpanA = Number.NaN;
    this.leadingSpanB = Number.NaN;
    this.laggingSpan = Number.NaN;
  }
}

export function ichimokuCloud(bars: OhlcvColumns, conversionPeriod = 9, basePeriod = 26, spanBPeriod = 52) {
  return runBatchOutputs(
    new IchimokuCloud(conversionPeriod, basePeriod, spanBPeriod),
    barReader(bars),
    bars.close.length,
    ['conversion', 'base', 'leadingSpanA', 'leadingSpanB', 'laggingSpan'] as const,
  );
}
