// What a strategy sees of the platform: time, indicators on bar series, its positions, and signal emission.
import type { Clock, Price, SignalDirection, Ticker } from '@ats/core';

/** Any streaming indicator fed one number per bar (the close unless told otherwise). */
export interface ValueIndicator {
  readonly ready: boolean;
  update(value: number): unknown;
  /** The indicator may ignore reset; the runtime calls it when a strategy restarts. */
  reset?(): void;
}

/** The numeric view of a bar that bar-input indicators (ATR, Stochastic, ...) take. */
export interface BarValues {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export interface BarIndicator {
  readonly ready: boolean;
  update(bar: BarValues): unknown;
  reset?(): void;
}

export type IndicatorInput = 'close' | 'open' | 'high' | 'low' | 'volume' | 'typical';

export interface SignalOptions {
  /** Confidence in [0, 1]; defaults to 1. */
  readonly strength?: number;
  /** A limit price; absent means a market order. */
  readonly limitPrice?: Price;
}

export interface StrategyContext {
  readonly clock: Clock;
  /** Registers a value indicator on a symbol's bars; returns it for the strategy to keep and read. */
  registerIndicator<T extends ValueIndicator>(symbol: Ticker, indicator: T, input?: IndicatorInput): T;
  /** Registers an indicator that takes whole bars. */
  registerBarIndicator<T extends BarIndicator>(symbol: Ticker, indicator: T): T;
  /** This strategy's signed position in the symbol (positive long). */
  position(symbol: Ticker): number;
  /** Emits a signal; the risk manager decides whether and how much to trade. */
  signal(symbol: Ticker, direction: SignalDirection, options?: SignalOptions): void;
  /** Writes to the strategy's log. */
  log(message: string, fields?: Readonly<Record<string, unknown>>): void;
}
