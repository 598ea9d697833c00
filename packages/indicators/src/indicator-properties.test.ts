// Properties every indicator keeps: no NaN after warm-up on valid input, reset equals new, bad input refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as indicators from './index.js';
import type { OhlcvBar } from './indicator.js';

interface Streaming {
  readonly ready: boolean;
  readonly warmUp: number;
  update(input: never): number;
  reset(): void;
}

type Input = 'value' | 'bar';

/** Every streaming indicator, with what it reads and the outputs to check. */
const cases: [string, Input, () => Streaming, readonly string[]][] = [
  ['SMA', 'value', () => new indicators.SimpleMovingAverage(7), ['value']],
  ['EMA', 'value', () => new indicators.ExponentialMovingAverage(7), ['value']],
  ['WMA', 'value', () => new indicators.WeightedMovingAverage(7), ['value']],
  ['DEMA', 'value', () => new indicators.DoubleExponentialMovingAverage(5), ['value']],
  ['TEMA', 'value', () => new indicators.TripleExponentialMovingAverage(4), ['value']],
  ['KAMA', 'value', () => new indicators.KaufmanAdaptiveMovingAverage(6), ['value']],
  ['T3', 'value', () => new indicators.T3MovingAverage(3), ['value']],
  ['RSI', 'value', () => new indicators.RelativeStrengthIndex(5), ['value']],
  ['STOCHRSI', 'value', () => new indicators.StochasticRsi(5, 3, 2), ['k', 'd']],
  [
    'MACD',
    'value',
    () => new indicators.MovingAverageConvergenceDivergence(3, 6, 2),
    ['macd', 'signal', 'histogram'],
  ],
  ['PPO', 'value', () => new indicators.PercentagePriceOscillator(3, 6), ['value']],
  ['BBANDS', 'value', () => new indicators.BollingerBands(5), ['upper', 'middle', 'lower']],
  ['STDDEV', 'value', () => new indicators.StandardDeviation(5), ['value']],
  ['ROC', 'value', () => new indicators.RateOfChange(4), ['value']],
  ['MOM', 'value', () => new indicators.Momentum(4), ['value']],
  [
    'LINEARREG',
    'value',
    () => new indicators.LinearRegression(6) as unknown as Streaming,
    ['value', 'slope'],
  ],
  ['STOCH', 'bar', () => new indicators.SlowStochastic(5, 3, 3), ['k', 'd']],
  ['STOCHF', 'bar', () => new indicators.FastStochastic(5, 3), ['k', 'd']],
  ['ATR', 'bar', () => new indicators.AverageTrueRange(5), ['value']],
  ['NATR', 'bar', () => new indicators.NormalizedAverageTrueRange(5), ['value']],
  ['TRANGE', 'bar', () => new indicators.TrueRange(), ['value']],
  ['ADX', 'bar', () => new indicators.DirectionalMovement(4), ['plusDi', 'minusDi', 'adx']],
  ['AROON', 'bar', () => new indicators.Aroon(5), ['up', 'down']],
  ['CCI', 'bar', () => new indicators.CommodityChannelIndex(5), ['value']],
  ['WILLR', 'bar', () => new indicators.WilliamsPercentRange(5), ['value']],
  ['MFI', 'bar', () => new indicators.MoneyFlowIndex(5), ['value']],
  ['OBV', 'bar', () => new indicators.OnBalanceVolume(), ['value']],
  ['AD', 'bar', () => new indicators.AccumulationDistribution(), ['value']],
  ['ADOSC', 'bar', () => new indicators.ChaikinOscillator(3, 6), ['value']],
  ['SAR', 'bar', () => new indicators.ParabolicSar(), ['value']],
  ['Donchian', 'bar', () => new indicators.DonchianChannel(5), ['upper', 'middle', 'lower']],
  ['Keltner', 'bar', () => new indicators.KeltnerChannel(5, 4), ['upper', 'middle', 'lower']],
  [
    'Ichimoku',
    'bar',
    () => new indicators.IchimokuCloud(3, 5, 8),
    ['conversion', 'base', 'leadingSpanA', 'leadingSpanB'],
  ],
  [
    'Supertrend',
    'bar',
    () => new indicators.Supertrend(4, 3) as unknown as Streaming,
    ['value', 'direction'],
  ],
];

const bar = fc
  .tuple(
    fc.double({ min: 1, max: 1000, noNaN: true }),
    fc.double({ min: 0, max: 0.05, noNaN: true }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.integer({ min: 0, max: 1e6 }),
  )
  .map(([mid, spread, position, volume]): OhlcvBar => {
    const high = mid * (1 + spread);
    const low = mid * (1 - spread);
    return { high, low, close: low + (high - low) * position, volume };
  });

const read = (indicator: Streaming, output: string) =>
  (indicator as unknown as Record<string, number>)[output] as number;

function feed(indicator: Streaming, input: Input, bars: readonly OhlcvBar[]): number[][] {
  return bars.map((item) => {
    indicator.update((input === 'value' ? item.close : item) as never);
    return [];
  });
}

describe.each(cases)('%s', (_name, input, make, outputs) => {
  it('has no NaN after its warm-up on valid input, and reset equals a new instance', () => {
    fc.assert(
      fc.property(fc.array(bar, { minLength: 1, maxLength: 80 }), (bars) => {
        const indicator = make();
        const fresh = make();
        feed(indicator, input, bars);
        if (bars.length >= indicator.warmUp + 1) {
          expect(indicator.ready).toBe(true);
          for (const output of outputs) expect(Number.isNaN(read(indicator, output)), output).toBe(false);
        }
        indicator.reset();
        feed(indicator, input, bars);
        feed(fresh, input, bars);
        for (const output of outputs)
          expect(Object.is(read(indicator, output), read(fresh, output))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('is not ready before its warm-up', () => {
    const indicator = make();
    const steady: OhlcvBar = { high: 11, low: 9, close: 10, volume: 100 };
    for (let count = 1; count < indicator.warmUp; count++) {
      feed(indicator, input, [steady]);
      expect(indicator.ready, `after ${count} of ${indicator.warmUp}`).toBe(false);
    }
  });

  it('refuses NaN input, naming itself, and keeps its state', () => {
    const indicator = make();
    const reference = make();
    const bars: OhlcvBar[] = Array.from({ length: 30 }, (_, index) => ({
      high: 11 + index,
      low: 9 + index,
      close: 10 + index,
      volume: 100,
    }));
    feed(indicator, input, bars.slice(0, 15));
    const bad = input === 'value' ? Number.NaN : { high: Number.NaN, low: 1, close: 1, volume: 1 };
    expect(() => indicator.update(bad as never)).toThrow(RangeError);
    feed(indicator, input, bars.slice(15));
    feed(reference, input, bars);
    for (const output of outputs)
      expect(Object.is(read(indicator, output), read(reference, output))).toBe(true);
  });
});

describe('zero-range bars', () => {
  it('give defined values where TA-Lib defines them', () => {
    const flat: OhlcvBar = { high: 10, low: 10, close: 10, volume: 0 };
    const bars = Array.from({ length: 40 }, () => flat);
    const stochastic = new indicators.FastStochastic(5, 3);
    const willr = new indicators.WilliamsPercentRange(5);
    const cci = new indicators.CommodityChannelIndex(5);
    const adx = new indicators.DirectionalMovement(4);
    const rsi = new indicators.RelativeStrengthIndex(5);
    for (const item of bars) {
      stochastic.update(item);
      willr.update(item);
      cci.update(item);
      adx.update(item);
      rsi.update(item.close);
    }
    expect([stochastic.k, stochastic.d, willr.value, cci.value, adx.plusDi, adx.minusDi, rsi.value]).toEqual([
      0, 0, 0, 0, 0, 0, 0,
    ]);
  });
});
