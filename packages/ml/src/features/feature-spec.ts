// The declared feature vocabulary: each feature is data (a kind and its parameters), so a model records exactly what it was trained on.

/** One bar as the feature pipeline reads it: plain numbers, time in epoch milliseconds. */
export interface FeatureBar {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export type FeatureSpec =
  /** log(close / close `period` bars ago). */
  | { readonly kind: 'return'; readonly period: number }
  /** The one-bar log return `lag` bars ago (lag 1 = the previous bar's return). */
  | { readonly kind: 'lagged-return'; readonly lag: number }
  /** Mean of one-bar log returns over a window. */
  | { readonly kind: 'rolling-mean'; readonly window: number }
  /** Standard deviation of one-bar log returns over a window (realized volatility). */
  | { readonly kind: 'rolling-volatility'; readonly window: number }
  /** (close − mean of closes) / standard deviation of closes over a window. */
  | { readonly kind: 'z-score'; readonly window: number }
  /** Skewness of one-bar log returns over a window. */
  | { readonly kind: 'rolling-skew'; readonly window: number }
  /** RSI (TA-Lib, from @ats/indicators) scaled to [−1, 1]. */
  | { readonly kind: 'rsi'; readonly period: number }
  /** close / SMA(period) − 1. */
  | { readonly kind: 'sma-ratio'; readonly period: number }
  /** close / EMA(period) − 1. */
  | { readonly kind: 'ema-ratio'; readonly period: number }
  /** MACD histogram divided by the close. */
  | { readonly kind: 'macd'; readonly fast: number; readonly slow: number; readonly signal: number }
  /** Position of the close within the Bollinger bands, 0 at the middle, ±1 at the bands. */
  | { readonly kind: 'bollinger-position'; readonly period: number; readonly deviations: number }
  /** ATR(period) / close. */
  | { readonly kind: 'atr-ratio'; readonly period: number }
  /** log(volume / mean volume over a window). */
  | { readonly kind: 'volume-ratio'; readonly window: number }
  /** (high − low) / close of the bar. */
  | { readonly kind: 'bar-range' }
  /** Day of the week in the time zone, as sine and cosine (two columns). */
  | { readonly kind: 'day-of-week'; readonly timeZone: string }
  /** Minutes since midnight in the time zone, as sine and cosine (two columns). */
  | { readonly kind: 'minute-of-day'; readonly timeZone: string }
  /** Month of the year in the time zone, as sine and cosine (two columns). */
  | { readonly kind: 'month-of-year'; readonly timeZone: string };

export type FeatureKind = FeatureSpec['kind'];

/** The names of the columns a spec produces (calendar features produce two). */
export function featureColumnNames(spec: FeatureSpec): string[] {
  switch (spec.kind) {
    case 'return':
      return [`return_${spec.period}`];
    case 'lagged-return':
      return [`return_lag_${spec.lag}`];
    case 'rolling-mean':
      return [`return_mean_${spec.window}`];
    case 'rolling-volatility':
      return [`volatility_${spec.window}`];
    case 'z-score':
      return [`z_score_${spec.window}`];
    case 'rolling-skew':
      return [`skew_${spec.window}`];
    case 'rsi':
      return [`rsi_${spec.period}`];
    case 'sma-ratio':
      return [`sma_ratio_${spec.period}`];
    case 'ema-ratio':
      return [`ema_ratio_${spec.period}`];
    case 'macd':
      return [`macd_${spec.fast}_${spec.slow}_${spec.signal}`];
    case 'bollinger-position':
      return [`bollinger_${spec.period}_${spec.deviations}`];
    case 'atr-ratio':
      return [`atr_ratio_${spec.period}`];
    case 'volume-ratio':
      return [`volume_ratio_${spec.window}`];
    case 'bar-range':
      return ['bar_range'];
    case 'day-of-week':
      return ['day_of_week_sin', 'day_of_week_cos'];
    case 'minute-of-day':
      return ['minute_of_day_sin', 'minute_of_day_cos'];
    case 'month-of-year':
      return ['month_sin', 'month_cos'];
  }
}

/** A ready-made daily feature set: returns, lags, rolling statistics, indicators and calendar. */
export function dailyFeatureSet(timeZone = 'America/New_York'): FeatureSpec[] {
  return [
    { kind: 'return', period: 1 },
    { kind: 'return', period: 5 },
    { kind: 'return', period: 20 },
    { kind: 'lagged-return', lag: 1 },
    { kind: 'lagged-return', lag: 2 },
    { kind: 'lagged-return', lag: 3 },
    { kind: 'rolling-mean', window: 10 },
    { kind: 'rolling-volatility', window: 10 },
    { kind: 'rolling-volatility', window: 20 },
    { kind: 'rolling-skew', window: 20 },
    { kind: 'z-score', window: 20 },
    { kind: 'rsi', period: 14 },
    { kind: 'sma-ratio', period: 50 },
    { kind: 'ema-ratio', period: 20 },
    { kind: 'macd', fast: 12, slow: 26, signal: 9 },
    { kind: 'bollinger-position', period: 20, deviations: 2 },
    { kind: 'atr-ratio', period: 14 },
    { kind: 'volume-ratio', window: 20 },
    { kind: 'bar-range' },
    { kind: 'day-of-week', timeZone },
    { kind: 'month-of-year', timeZone },
  ];
}

/** An intraday feature set for minute bars: short horizons and the time of day. */
export function intradayFeatureSet(timeZone = 'America/New_York'): FeatureSpec[] {
  return [
    { kind: 'return', period: 1 },
    { kind: 'return', period: 5 },
    { kind: 'return', period: 15 },
    { kind: 'return', period: 60 },
    { kind: 'lagged-return', lag: 1 },
    { kind: 'lagged-return', lag: 2 },
    { kind: 'rolling-volatility', window: 15 },
    { kind: 'rolling-volatility', window: 60 },
    { kind: 'z-score', window: 30 },
    { kind: 'rsi', period: 14 },
    { kind: 'ema-ratio', period: 30 },
    { kind: 'bollinger-position', period: 20, deviations: 2 },
    { kind: 'atr-ratio', period: 14 },
    { kind: 'volume-ratio', window: 30 },
    { kind: 'bar-range' },
    { kind: 'minute-of-day', timeZone },
  ];
}
