// One streaming computer per declared feature: each sees bars strictly in order and only the bars so far.
import {
  AverageTrueRange,
  BollingerBands,
  ExponentialMovingAverage,
  MovingAverageConvergenceDivergence,
  RelativeStrengthIndex,
  SimpleMovingAverage,
} from '@ats/indicators';
import { calendarFields, checkTimeZone } from './calendar-features.js';
import type { FeatureBar, FeatureSpec } from './feature-spec.js';
import { RollingWindow } from './rolling-window.js';

/** Writes its columns for the latest bar into `row` at `offset` (NaN while warming up). */
export interface FeatureComputer {
  readonly columns: number;
  update(bar: FeatureBar, row: Float64Array, offset: number): void;
  reset(): void;
}

function whole(feature: string, name: string, value: number, minimum: number): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`${feature}.${name}: ${value} must be a whole number of at least ${minimum}`);
  }
  return value;
}

/** Keeps the closes needed for returns over `period` bars. */
class CloseHistory {
  private readonly window: RollingWindow;
  constructor(size: number) {
    this.window = new RollingWindow(size + 1);
  }
  push(close: number): void {
    this.window.push(close);
  }
  ago(bars: number): number {
    return this.window.at(bars);
  }
  reset(): void {
    this.window.reset();
  }
}

/** One-bar log returns over a window, fed from consecutive closes. */
class ReturnWindow {
  private previous = Number.NaN;
  readonly window: RollingWindow;
  constructor(size: number) {
    this.window = new RollingWindow(size);
  }
  push(close: number): void {
    if (!Number.isNaN(this.previous)) this.window.push(Math.log(close / this.previous));
    this.previous = close;
  }
  reset(): void {
    this.previous = Number.NaN;
    this.window.reset();
  }
}

function single(update: (bar: FeatureBar) => number, reset: () => void): FeatureComputer {
  return {
    columns: 1,
    update(bar, row, offset) {
      row[offset] = update(bar);
    },
    reset,
  };
}

function cyclical(value: (bar: FeatureBar) => number, period: number): FeatureComputer {
  return {
    columns: 2,
    update(bar, row, offset) {
      const angle = (2 * Math.PI * value(bar)) / period;
      row[offset] = Math.sin(angle);
      row[offset + 1] = Math.cos(angle);
    },
    reset() {},
  };
}

function returnStatistic(window: number, statistic: (values: RollingWindow) => number): FeatureComputer {
  const returns = new ReturnWindow(window);
  return single(
    (bar) => {
      returns.push(bar.close);
      return returns.window.full ? statistic(returns.window) : Number.NaN;
    },
    () => returns.reset(),
  );
}

export function featureComputer(spec: FeatureSpec): FeatureComputer {
  const name = spec.kind;
  switch (spec.kind) {
    case 'return': {
      const period = whole(name, 'period', spec.period, 1);
      const closes = new CloseHistory(period);
      return single(
        (bar) => {
          closes.push(bar.close);
          return Math.log(bar.close / closes.ago(period));
        },
        () => closes.reset(),
      );
    }
    case 'lagged-return': {
      const lag = whole(name, 'lag', spec.lag, 1);
      const closes = new CloseHistory(lag + 1);
      return single(
        (bar) => {
          closes.push(bar.close);
          return Math.log(closes.ago(lag) / closes.ago(lag + 1));
        },
        () => closes.reset(),
      );
    }
    case 'rolling-mean':
      return returnStatistic(whole(name, 'window', spec.window, 2), (values) => values.mean());
    case 'rolling-volatility':
      return returnStatistic(whole(name, 'window', spec.window, 2), (values) => values.standardDeviation());
    case 'rolling-skew':
      return returnStatistic(whole(name, 'window', spec.window, 3), (values) => values.skewness());
    case 'z-score': {
      const closes = new RollingWindow(whole(name, 'window', spec.window, 2));
      return single(
        (bar) => {
          closes.push(bar.close);
          if (!closes.full) return Number.NaN;
          const deviation = closes.standardDeviation();
          return deviation === 0 ? 0 : (bar.close - closes.mean()) / deviation;
        },
        () => closes.reset(),
      );
    }
    case 'rsi': {
      const rsi = new RelativeStrengthIndex(whole(name, 'period', spec.period, 2));
      return single(
        (bar) => {
          const value = rsi.update(bar.close);
          return rsi.ready ? value / 50 - 1 : Number.NaN;
        },
        () => rsi.reset(),
      );
    }
    case 'sma-ratio': {
      const average = new SimpleMovingAverage(whole(name, 'period', spec.period, 2));
      return single(
        (bar) => {
          const value = average.update(bar.close);
          return average.ready ? bar.close / value - 1 : Number.NaN;
        },
        () => average.reset(),
      );
    }
    case 'ema-ratio': {
      const average = new ExponentialMovingAverage(whole(name, 'period', spec.period, 2));
      return single(
        (bar) => {
          const value = average.update(bar.close);
          return average.ready ? bar.close / value - 1 : Number.NaN;
        },
        () => average.reset(),
      );
    }
    case 'macd': {
      const macd = new MovingAverageConvergenceDivergence(
        whole(name, 'fast', spec.fast, 2),
        whole(name, 'slow', spec.slow, 2),
        whole(name, 'signal', spec.signal, 1),
      );
      return single(
        (bar) => {
          macd.update(bar.close);
          return macd.ready ? macd.histogram / bar.close : Number.NaN;
        },
        () => macd.reset(),
      );
    }
    case 'bollinger-position': {
      if (!(spec.deviations > 0))
        throw new RangeError(`${name}.deviations: ${spec.deviations} must be positive`);
      const bands = new BollingerBands(
        whole(name, 'period', spec.period, 2),
        spec.deviations,
        spec.deviations,
      );
      return single(
        (bar) => {
          bands.update(bar.close);
          if (!bands.ready) return Number.NaN;
          const half = bands.upper - bands.middle;
          return half === 0 ? 0 : (bar.close - bands.middle) / half;
        },
        () => bands.reset(),
      );
    }
    case 'atr-ratio': {
      const atr = new AverageTrueRange(whole(name, 'period', spec.period, 1));
      return single(
        (bar) => {
          const value = atr.update(bar);
          return atr.ready ? value / bar.close : Number.NaN;
        },
        () => atr.reset(),
      );
    }
    case 'volume-ratio': {
      const volumes = new RollingWindow(whole(name, 'window', spec.window, 2));
      return single(
        (bar) => {
          volumes.push(bar.volume);
          if (!volumes.full) return Number.NaN;
          const mean = volumes.mean();
          // +1 keeps a zero-volume bar (pre-market minutes) finite.
          return Math.log((bar.volume + 1) / (mean + 1));
        },
        () => volumes.reset(),
      );
    }
    case 'bar-range':
      return single(
        (bar) => (bar.high - bar.low) / bar.close,
        () => {},
      );
    case 'day-of-week':
      checkTimeZone(name, spec.timeZone);
      return cyclical((bar) => calendarFields(bar.time, spec.timeZone).dayOfWeek, 7);
    case 'minute-of-day':
      checkTimeZone(name, spec.timeZone);
      return cyclical((bar) => calendarFields(bar.time, spec.timeZone).minuteOfDay, 1440);
    case 'month-of-year':
      checkTimeZone(name, spec.timeZone);
      return cyclical((bar) => calendarFields(bar.time, spec.timeZone).month - 1, 12);
    default:
      throw new RangeError(
        `feature.kind: ${JSON.stringify((spec as { kind: unknown }).kind)} is not a known feature`,
      );
  }
}
