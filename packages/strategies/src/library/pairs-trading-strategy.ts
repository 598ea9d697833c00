// Pairs trading: on a rolling window of log prices, re-estimate the hedge ratio (least squares) and
// test cointegration (Engle-Granger with ADF); trade the spread's z-score only while cointegrated.
import type { Bar, SignalDirection, StrategyId, Ticker } from '@ats/core';
import { Strategy, type StrategyContext } from '@ats/engine';
import { type EngleGrangerResult, engleGranger } from './cointegration.js';

export interface PairsTradingParameters {
  /** Bars of the rolling window (hedge ratio, test, z-score). */
  readonly window: number;
  readonly entryZ: number;
  readonly exitZ: number;
  /** Significance of the cointegration test: 0.01, 0.05 or 0.1. */
  readonly significance: 0.01 | 0.05 | 0.1;
}

/** What the strategy last computed, for tests and the docs. */
export interface PairsState {
  readonly time: number;
  readonly test: EngleGrangerResult;
  readonly zScore: number;
}

/**
 * Symbols: [y, x]. Spread = log y − (α + β log x). z > entryZ: short the spread (short y, long x);
 * z < −entryZ: long the spread; |z| < exitZ, or the pair no longer cointegrated: both flat.
 * Leg strengths split the money 1 : |β| so the legs are hedged in value.
 */
export class PairsTradingStrategy extends Strategy {
  private readonly logs: [number[], number[]] = [[], []];
  private readonly pending = new Map<number, [number | null, number | null]>();
  private spreadSide: 'long' | 'short' | null = null;
  latest: PairsState | null = null;

  constructor(
    id: StrategyId,
    symbols: readonly Ticker[],
    readonly parameters: PairsTradingParameters,
  ) {
    // The factory checks there are two (y, x).
    super(id, symbols);
  }

  override onBar(bar: Bar, context: StrategyContext): void {
    const leg = this.symbols.indexOf(bar.symbol);
    if (leg < 0 || !(bar.close.toNumber() > 0)) return;
    // Pair the two symbols' closes by bar time; decide once both are in.
    const entry = this.pending.get(bar.time) ?? [null, null];
    entry[leg] = Math.log(bar.close.toNumber());
    if (entry[0] === null || entry[1] === null) {
      this.pending.set(bar.time, entry);
      return;
    }
    this.pending.clear();
    const window = this.parameters.window;
    for (const index of [0, 1] as const) {
      this.logs[index].push(entry[index] as number);
      if (this.logs[index].length > window) this.logs[index].shift();
    }
    if (this.logs[0].length < window) return;
    const test = engleGranger(this.logs[0], this.logs[1], this.parameters.significance);
    let mean = 0;
    for (const value of test.residuals) mean += value;
    mean /= window;
    let variance = 0;
    for (const value of test.residuals) variance += (value - mean) ** 2;
    const deviation = Math.sqrt(variance / (window - 1));
    const zScore = deviation === 0 ? 0 : ((test.residuals[window - 1] as number) - mean) / deviation;
    this.latest = { time: bar.time, test, zScore };
    const { entryZ, exitZ } = this.parameters;
    let wanted = this.spreadSide;
    if (!test.cointegrated || Math.abs(zScore) < exitZ) wanted = null;
    else if (zScore > entryZ) wanted = 'short';
    else if (zScore < -entryZ) wanted = 'long';
    if (wanted === this.spreadSide) return;
    this.spreadSide = wanted;
    const [y, x] = this.symbols as [Ticker, Ticker];
    const beta = Math.abs(test.slope);
    const yStrength = beta > 1 ? 1 / beta : 1;
    const xStrength = beta > 1 ? 1 : Math.max(beta, 0.01);
    const legs: [Ticker, SignalDirection, number][] =
      wanted === null
        ? [
            [y, 'FLAT', 1],
            [x, 'FLAT', 1],
          ]
        : wanted === 'long'
          ? [
              [y, 'LONG', yStrength],
              [x, 'SHORT', xStrength],
            ]
          : [
              [y, 'SHORT', yStrength],
              [x, 'LONG', xStrength],
            ];
    for (const [symbol, direction, strength] of legs)
      if (direction !== 'FLAT' || context.position(symbol) !== 0)
        context.signal(symbol, direction, { strength });
  }
}
