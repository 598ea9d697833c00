// Backtest jobs cross the queue exactly: float64 columns bit for bit, NaN, infinities and -0.
import { describe, expect, it } from 'vitest';
import { decodeBacktestJob, encodeBacktestJob } from './backtest-job-codec.js';

describe('backtest job codec', () => {
  it('round-trips float64 columns (views included) and the numbers JSON cannot carry', () => {
    const shared = new Float64Array([1, 0.1 + 0.2, -0, Number.MAX_VALUE, 5e-324, 7]);
    const value = {
      column: shared.subarray(1, 5),
      metrics: {
        sharpe: Number.NaN,
        profitFactor: Number.POSITIVE_INFINITY,
        low: Number.NEGATIVE_INFINITY,
        zero: -0,
      },
      text: 'ORCL',
    };
    const decoded = decodeBacktestJob<typeof value>(encodeBacktestJob(value));
    expect(decoded.column).toBeInstanceOf(Float64Array);
    expect(Array.from(decoded.column)).toEqual(Array.from(shared.subarray(1, 5)));
    expect(Object.is(decoded.column[1], -0)).toBe(true);
    expect(Number.isNaN(decoded.metrics.sharpe)).toBe(true);
    expect(decoded.metrics.profitFactor).toBe(Number.POSITIVE_INFINITY);
    expect(decoded.metrics.low).toBe(Number.NEGATIVE_INFINITY);
    expect(Object.is(decoded.metrics.zero, -0)).toBe(true);
    expect(decoded.text).toBe('ORCL');
  });

  it('refuses a column whose bytes are not whole 8-byte values', () => {
    expect(() => decodeBacktestJob('{"column":{"$float64":"AAAA"}}')).toThrow(/8-byte/);
  });
});
