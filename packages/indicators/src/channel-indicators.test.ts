// Hand-computed checks of the indicators TA-Lib lacks: VWAP, Donchian, Keltner, Ichimoku, Supertrend.
import { describe, expect, it } from 'vitest';
import { DonchianChannel } from './donchian-channel.js';
import { IchimokuCloud } from './ichimoku-cloud.js';
import { KeltnerChannel } from './keltner-channel.js';
import { Supertrend } from './supertrend.js';
import { VolumeWeightedAveragePrice } from './volume-weighted-average-price.js';

const close = (value: number) => ({ high: value, low: value, close: value, volume: 0 });

describe('VWAP', () => {
  it('weights the typical price by volume and restarts each session', () => {
    const vwap = new VolumeWeightedAveragePrice();
    // Typical prices 10 and 13 ((12+11+16)/3): (10×100 + 13×300) / 400 = 12.25.
    vwap.update({ session: 'd1', high: 11, low: 9, close: 10, volume: 100 });
    expect(vwap.update({ session: 'd1', high: 12, low: 11, close: 16, volume: 300 })).toBe(12.25);
    // A new session starts over: only its own bar counts.
    expect(vwap.update({ session: 'd2', high: 21, low: 19, close: 20, volume: 50 })).toBe(20);
    // No volume yet in a session: the typical price.
    expect(vwap.update({ session: 'd3', high: 3, low: 3, close: 3, volume: 0 })).toBe(3);
  });
});

describe('Donchian', () => {
  it('is the highest high and lowest low of the window, and their midpoint', () => {
    const channel = new DonchianChannel(3);
    const bars = [
      { high: 5, low: 1, close: 3 },
      { high: 7, low: 2, close: 4 },
      { high: 6, low: 3, close: 5 },
      { high: 4, low: 3.5, close: 4 },
    ];
    const results = bars.map((bar) => {
      channel.update(bar);
      return [channel.upper, channel.middle, channel.lower];
    });
    expect(results[1]?.every(Number.isNaN)).toBe(true);
    expect(results[2]).toEqual([7, 4, 1]);
    // The first bar left the window: lows 2, 3, 3.5; highs 7, 6, 4.
    expect(results[3]).toEqual([7, 4.5, 2]);
  });
});

describe('Keltner', () => {
  it('is the EMA of the close plus and minus the multiplier times ATR', () => {
    const channel = new KeltnerChannel(2, 2, 2);
    // Bars: (h,l,c) = (11,9,10), (12,10,11), (13,11,12).
    // EMA(2): seed (10+11)/2 = 10.5 at bar 2; bar 3: (12-10.5)×2/3+10.5 = 11.5.
    // True ranges from bar 2: 2, 2; ATR(2) first at bar 3: (2+2)/2 = 2.
    channel.update({ high: 11, low: 9, close: 10 });
    channel.update({ high: 12, low: 10, close: 11 });
    channel.update({ high: 13, low: 11, close: 12 });
    expect(channel.middle).toBeCloseTo(11.5, 12);
    expect(channel.upper).toBeCloseTo(15.5, 12);
    expect(channel.lower).toBeCloseTo(7.5, 12);
  });
});

describe('Ichimoku', () => {
  it('computes conversion, base, both leading spans and the lagging span', () => {
    const cloud = new IchimokuCloud(2, 3, 4);
    const bars = [
      { high: 10, low: 8, close: 9 },
      { high: 12, low: 9, close: 11 },
      { high: 14, low: 10, close: 13 },
      { high: 13, low: 11, close: 12 },
    ];
    for (const bar of bars) cloud.update(bar);
    // Conversion (2): (14 + 10) / 2 = 12 over bars 3-4: highs 14, 13 and lows 10, 11.
    expect(cloud.conversion).toBe(12);
    // Base (3): bars 2-4: highs 12, 14, 13; lows 9, 10, 11 -> (14 + 9) / 2 = 11.5.
    expect(cloud.base).toBe(11.5);
    expect(cloud.leadingSpanA).toBe(11.75);
    // Span B (4): all bars: (14 + 8) / 2 = 11.
    expect(cloud.leadingSpanB).toBe(11);
    expect(cloud.laggingSpan).toBe(12);
    expect(cloud.displacement).toBe(3);
  });
});

describe('Supertrend', () => {
  it('follows the lower band up, flips on a close through it, then follows the upper band', () => {
    const trend = new Supertrend(1, 1);
    // ATR(1) from bar 2 is that bar's true range.
    trend.update(close(10));
    // Bar 2 (11,9,10): TR 2, mid 10: upper 12, lower 8; starts up: Supertrend = 8.
    expect(trend.update({ high: 11, low: 9, close: 10 })).toBe(8);
    // Bar 3 (12,10,11): TR max(2, |10-12|, |10-10|) = 2, mid 11: basic lower 9 > 8, so the lower band rises to 9.
    expect(trend.update({ high: 12, low: 10, close: 11 })).toBe(9);
    expect(trend.direction).toBe(1);
    // Bar 4 (9,7,7.5): TR max(2, |11-9|, |7-11|) = 4, mid 8: basic lower 4 < 9 and the previous close 11 is
    // not below 9, so the lower band stays 9; the close 7.5 is below 9: the trend turns down, and
    // Supertrend is the upper band. Bar 3's basic upper 13 was above bar 2's 12, so the final upper stayed
    // 12; bar 4's basic upper is 8 + 4 = 12, not below it: 12.
    expect(trend.update({ high: 9, low: 7, close: 7.5 })).toBe(12);
    expect(trend.direction).toBe(-1);
  });
});
