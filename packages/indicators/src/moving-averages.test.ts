// Tests of SMA and EMA: hand-computed values, warm-up, bad input, streaming equals batch, reset.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExponentialMovingAverage, ema } from './exponential-moving-average.js';
import { SimpleMovingAverage, sma } from './simple-moving-average.js';

describe('SMA', () => {
  it('averages the last period values from index period - 1', () => {
    expect([...sma([1, 2, 3, 4, 5, 6], 3)]).toEqual([Number.NaN, Number.NaN, 2, 3, 4, 5]);
  });

  it('is not ready before the warm-up and rejects NaN without corrupting its state', () => {
    const average = new SimpleMovingAverage(2);
    average.update(1);
    expect(average.ready).toBe(false);
    expect(() => average.update(Number.NaN)).toThrow(/SMA: input NaN/);
    expect(average.update(3)).toBe(2);
    expect(average.ready).toBe(true);
  });

  it('rejects a bad period', () => {
    expect(() => new SimpleMovingAverage(0)).toThrow(/SMA: period 0/);
    expect(() => new ExponentialMovingAverage(1.5)).toThrow(/EMA: period 1.5/);
  });
});

describe('EMA', () => {
  it('seeds with the SMA of the first period values, then smooths with 2 / (period + 1)', () => {
    // Seed (1+2+3)/3 = 2; k = 0.5: 2 + (4-2)*0.5 = 3; 3 + (6-3)*0.5 = 4.5.
    expect([...ema([1, 2, 3, 4, 6], 3)]).toEqual([Number.NaN, Number.NaN, 2, 3, 4.5]);
  });
});

describe('streaming equals batch, and reset equals new', () => {
  const series = fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 1, maxLength: 200 });
  it('holds for random series', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 1, max: 40 }), (values, period) => {
        for (const [make, batch] of [
          [() => new SimpleMovingAverage(period), sma],
          [() => new ExponentialMovingAverage(period), ema],
        ] as const) {
          const streaming = make();
          const expected = batch(values, period);
          values.forEach((value, index) => {
            expect(Object.is(streaming.update(value), expected[index])).toBe(true);
          });
          streaming.reset();
          const fresh = make();
          for (const value of values)
            expect(Object.is(streaming.update(value), fresh.update(value))).toBe(true);
          if (values.length >= period) expect(Number.isNaN(streaming.value)).toBe(false);
        }
      }),
    );
  });
});
