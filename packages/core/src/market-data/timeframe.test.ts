// Timeframes from seconds to months: what parses, their lengths, and where their periods start.
import { describe, expect, it } from 'vitest';
import { isTimeframe, timeframeMilliseconds, timeframePeriodStart } from './timeframe.js';

describe('timeframes', () => {
  it('parses seconds to months and refuses anything else', () => {
    for (const text of ['1s', '5s', '1m', '15m', '4h', '1d', '1w', '1mo', '3mo'])
      expect(isTimeframe(text)).toBe(true);
    for (const text of ['0m', '1', 'm', '1y', '1M', '01m', '1.5h', ' 1m'])
      expect(isTimeframe(text)).toBe(false);
    expect(timeframeMilliseconds('5s')).toBe(5_000);
    expect(timeframeMilliseconds('4h')).toBe(14_400_000);
    expect(timeframeMilliseconds('1w')).toBe(604_800_000);
  });

  it('starts periods at multiples of the length, weeks on Mondays and months on their first day (UTC)', () => {
    const at = Date.UTC(2013, 9, 10, 13, 37, 42, 500); // Thursday 2013-10-10
    expect(timeframePeriodStart(at, '5s')).toBe(Date.UTC(2013, 9, 10, 13, 37, 40));
    expect(timeframePeriodStart(at, '15m')).toBe(Date.UTC(2013, 9, 10, 13, 30));
    expect(timeframePeriodStart(at, '1d')).toBe(Date.UTC(2013, 9, 10));
    expect(timeframePeriodStart(at, '1w')).toBe(Date.UTC(2013, 9, 7));
    expect(timeframePeriodStart(at, '1mo')).toBe(Date.UTC(2013, 9, 1));
    expect(timeframePeriodStart(at, '3mo')).toBe(Date.UTC(2013, 9, 1));
    expect(timeframePeriodStart(Date.UTC(2013, 7, 20), '3mo')).toBe(Date.UTC(2013, 6, 1));
  });

  it('gives each timeframe its own length and period when asked in turn (the last one asked is remembered)', () => {
    const at = Date.UTC(2013, 9, 10, 13, 37, 42, 500);
    for (let round = 0; round < 3; round++) {
      expect(timeframeMilliseconds('1m')).toBe(60_000);
      expect(timeframeMilliseconds('1m')).toBe(60_000);
      expect(timeframeMilliseconds('1d')).toBe(86_400_000);
      expect(timeframeMilliseconds('1mo')).toBe(2_592_000_000);
      expect(timeframePeriodStart(at, '1h')).toBe(Date.UTC(2013, 9, 10, 13));
      expect(timeframePeriodStart(at, '1mo')).toBe(Date.UTC(2013, 9, 1));
    }
    expect(() => timeframeMilliseconds('1y' as never)).toThrow(RangeError);
    expect(isTimeframe('1y')).toBe(false);
  });
});
