// Tests of Price, Money, Quantity and the decimal helpers: exact parsing, formatting, rounding, no drift.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalSpanToRaw, divideRoundHalfEven, formatRaw, parseDecimalToRaw } from './decimal-scale.js';
import { Money } from './money.js';
import { Price } from './price.js';
import { Quantity } from './quantity.js';

describe('decimal scale', () => {
  it('parses decimal text exactly and rounds half to even past four places', () => {
    expect(parseDecimalToRaw('12.34')).toBe(123400);
    expect(parseDecimalToRaw('-0.0001')).toBe(-1);
    expect(parseDecimalToRaw('2.179012')).toBe(21790);
    expect(parseDecimalToRaw('0.00005')).toBe(0);
    expect(parseDecimalToRaw('0.00015')).toBe(2);
    expect(parseDecimalToRaw('0.000051')).toBe(1);
  });

  it('rejects text that is not a plain decimal', () => {
    for (const text of ['', '.', '.5', '1.2.3', 'abc', '12a', '--1', '1,5', 'NaN', 'Infinity']) {
      expect(() => parseDecimalToRaw(text, 'price')).toThrow(/price: .* is not a decimal number/);
    }
    expect(parseDecimalToRaw(' +2.5 ')).toBe(25000);
    expect(parseDecimalToRaw('7.')).toBe(70000);
  });

  it('names the field when text is not a number', () => {
    expect(() => parseDecimalToRaw('1e5', 'bid')).toThrow(/bid: '1e5' is not a decimal number/);
    expect(() => Price.of(Number.NaN, 'ask')).toThrow(/ask: NaN is not a finite number/);
  });

  it('formats with four places', () => {
    expect(formatRaw(123400)).toBe('12.3400');
    expect(formatRaw(-5)).toBe('-0.0005');
    expect(formatRaw(0)).toBe('0.0000');
  });

  it('round-trips any raw value through text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (raw) => {
        expect(parseDecimalToRaw(formatRaw(raw))).toBe(raw);
      }),
    );
  });

  it('divides with half-even rounding', () => {
    expect(divideRoundHalfEven(5, 2)).toBe(2);
    expect(divideRoundHalfEven(7, 2)).toBe(4);
    expect(divideRoundHalfEven(-5, 2)).toBe(-2);
    expect(divideRoundHalfEven(10, 3)).toBe(3);
    expect(divideRoundHalfEven(11, 3)).toBe(4);
  });
});

describe('Money', () => {
  it('does not drift where floats do: ten thousand additions of 0.1', () => {
    let total = Money.zero;
    const tenCents = Money.of('0.1');
    for (let i = 0; i < 10_000; i++) total = total.add(tenCents);
    expect(total.toString()).toBe('1000.0000');
  });

  it('computes notional exactly and basis points with rounding', () => {
    const notional = Money.notional(Price.of('123.4567'), Quantity.of(300));
    expect(notional.toString()).toBe('37037.0100');
    expect(notional.basisPoints(10).toString()).toBe('37.0370');
    expect(Money.of('1000').basisPoints(2.5).toString()).toBe('0.2500');
  });

  it('throws when arithmetic leaves the exact range', () => {
    expect(() => Money.fromRaw(2 ** 53)).toThrow(/exact integer range/);
  });
});

describe('Quantity', () => {
  it('rejects negative and fractional values', () => {
    expect(() => Quantity.of(-1)).toThrow(/non-negative integer/);
    expect(() => Quantity.of(1.5)).toThrow(/non-negative integer/);
    expect(() => Quantity.parse('abc', 'size')).toThrow(/size: 'abc'/);
    expect(() => Quantity.of(3).subtract(Quantity.of(4))).toThrow();
  });
});

describe('Price', () => {
  it('rounds to a tick size', () => {
    expect(Price.of('10.1234').roundToTick(Price.of('0.01')).toString()).toBe('10.1200');
    expect(Price.of('10.1251').roundToTick(Price.of('0.05')).toString()).toBe('10.1500');
  });
});

describe('decimalSpanToRaw', () => {
  it('reads a span of a longer text as parseDecimalToRaw reads the span cut out', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('0', '1', '5', '9', '.', '-', '+', ' ', 'e', ','), maxLength: 14 }),
        fc.string({ maxLength: 4 }),
        fc.string({ maxLength: 4 }),
        (cell, before, after) => {
          const text = `${before}${cell}${after}`;
          const spanned = decimalSpanToRaw(text, before.length, before.length + cell.length);
          let expected: number;
          try {
            expected = parseDecimalToRaw(cell);
          } catch {
            // Refused by the parser: not a decimal (NaN), or too large (a value past 2^53).
            expect(Number.isNaN(spanned) || !Number.isSafeInteger(spanned)).toBe(true);
            return;
          }
          expect(spanned).toBe(expected);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('does not read a sign or digit past the end of its span', () => {
    expect(decimalSpanToRaw('12,-3', 3, 3)).toBeNaN();
    expect(decimalSpanToRaw('1.25,9', 0, 4)).toBe(12500);
  });
});
