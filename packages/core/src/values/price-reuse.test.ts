// Price's reuse of recently made prices: an equal raw may give the same object, never a wrong value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Price } from './price.js';

describe('Price reuse of recent prices', () => {
  it('gives the same object for the same raw value made twice in a row, from raw or from text', () => {
    const first = Price.fromRaw(1_270_100);
    expect(Price.fromRaw(1_270_100)).toBe(first);
    expect(Price.of('127.01')).toBe(first);
  });

  it('keeps the value of prices whose raw values share a slot (8,192 apart), in any order', () => {
    const low = Price.fromRaw(5);
    const high = Price.fromRaw(5 + 8192);
    const negative = Price.fromRaw(5 - 8192);
    expect([low.raw, high.raw, negative.raw]).toEqual([5, 8197, -8187]);
    expect(Price.fromRaw(5).raw).toBe(5);
    expect(low.raw).toBe(5);
  });

  it('still refuses a raw value that is not a safe integer, even in a slot a price occupies', () => {
    Price.fromRaw(1);
    expect(() => Price.fromRaw(1.5)).toThrow(/Price left the exact integer range/);
    expect(() => Price.fromRaw(Number.NaN)).toThrow(/Price left the exact integer range/);
    expect(() => Price.fromRaw(2 ** 53 + 8192)).toThrow(/Price left the exact integer range/);
  });

  it('returns a price of exactly the asked raw value for any sequence of safe integers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), { maxLength: 200 }),
        (raws) => {
          const made = raws.map((raw) => Price.fromRaw(raw));
          for (let index = 0; index < raws.length; index++)
            expect((made[index] as Price).raw).toBe(raws[index]);
        },
      ),
    );
  });
});
