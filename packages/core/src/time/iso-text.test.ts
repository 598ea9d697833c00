// isoText against Date.prototype.toISOString.
import { describe, expect, it } from 'vitest';
import { isoText } from './iso-text.js';

describe('isoText', () => {
  it('writes the same text as toISOString at edges of days, months, leap years and eras', () => {
    const instants = [
      0,
      1,
      86_399_999,
      Date.UTC(2000, 1, 29, 23, 59, 59, 999),
      Date.UTC(1900, 2, 1),
      Date.UTC(2100, 1, 28, 12),
      Date.UTC(2014, 0, 2),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    ];
    for (const instant of instants) expect(isoText(instant)).toBe(new Date(instant).toISOString());
  });

  it('writes the same text as toISOString at 100,000 seeded random instants of years 1970-9999', () => {
    let seed = 11;
    for (let draw = 0; draw < 100_000; draw++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      const instant = Math.floor((seed / 2_147_483_648) * 253_402_300_799_999) + (draw % 1000);
      expect(isoText(instant)).toBe(new Date(instant).toISOString());
    }
  });

  it('leaves instants before 1970, after 9999 and fractional ones to toISOString, and refuses invalid ones as it does', () => {
    for (const instant of [-1, Date.UTC(1969, 11, 31, 12), 253_402_300_800_000, 1.5])
      expect(isoText(instant)).toBe(new Date(instant).toISOString());
    expect(() => isoText(Number.NaN)).toThrow(RangeError);
  });
});
