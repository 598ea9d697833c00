// What a strategy sees of the platform: time, indicators on bar series, its positions, and signal emission.
import type {
  Clock,
  ExecutionRequest,
  Price,
  SignalDirection,
  SignalModel,
  SignalSource,
  Ticker,
  Timeframe,
} from '@ats/core';

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
  /** The model behind the signal, carried on it (its confidence goes in `strength`). */
  readonly model?: SignalModel;
  /** The sources a fused signal merged (set by signal fusion). */
  readonly sources?: readonly SignalSource[];
  /** Work the approved quantity with an execution algorithm (e.g. `{ algorithm: 'TWAP', slices: 10 }`). */
  readonly execution?: ExecutionRequest;
}

export interface StrategyContext {
  readonly clock: Clock;
  /**
   * Registers a value indicator on a symbol's bars; returns it for the strategy to keep and read.
   * With a timeframe (higher than the data's), it is fed that timeframe's bars (subscribing to it).
   */
  registerIndicator<T extends ValueIndicator>(
    symbol: Ticker,
    indicator: T,
    input?: IndicatorInput,
    timeframe?: Timeframe,
  ): T;
  /** Registers an indicator that takes whole bars (of a higher timeframe when given). */
  registerBarIndicator<T extends BarIndicator>(symbol: Ticker, indicator: T, timeframe?: Timeframe): T;
  /**
   * Subscribes to a higher timeframe of a symbol (5m, 1h, 1d...), built from the same bars: onBar
   * then also receives bars with `bar.timeframe` equal to it, each only once it has closed (after
   * the base bar that completed it), so nothing of a still-open period is ever visible.
   */
  subscribeTimeframe(symbol: Ticker, timeframe: Timeframe): void;
  /** This strategy's signed position in the symbol (positive long). */
  position(symbol: Ticker): number;
  /** Emits a signal; the risk manager decides whether and how much to trade. */
  signal(symbol: Ticker, direction: SignalDirection, options?: SignalOptions): void;
  /** Writes to the strategy's log. */
  log(message: string, fields?: Readonly<Record<string, unknown>>): void;
  /**
   * True while the runtime replays stored history before data flows (its signals are dropped). A
   * strategy whose work finishes later (an asynchronous model) skips it then: its answer would come
   * after the replay, as if the old bar were live.
   */
  warmingUp?(): boolean;
}
