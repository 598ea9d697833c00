// Scaling a raw price by a rational factor: the fast path in doubles gives the exact big-integer answer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactScaleRaw, multiplyFactors, rationalFactor, scaleRaw } from './rational-scale.js';

/** A factor as bars' adjustment composes them: splits and dividend ratios (C − D)/C multiplied up. */
const compounded = fc
  .array(
    fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 })),
      fc
        .tuple(fc.integer({ min: 2, max: 50_000_000 }), fc.integer({ min: 1, max: 2_000_000 }))
        .map(([close, amount]) => [Math.max(1, close - amount), close] as [number, number]),
    ),
    { minLength: 1, maxLength: 40 },
  )
  .map((parts) =>
    parts.reduce(
      (factor, [numerator, denominator]) =>
        multiplyFactors(factor, rationalFactor(BigInt(numerator), BigInt(denominator))),
      rationalFactor(1n, 1n),
    ),
  );

describe('scaleRaw', () => {
  it('equals the exact big-integer rounding for compounded split and dividend factors', () => {
    fc.assert(
      fc.property(compounded, fc.integer({ min: 1, max: 2_000_000_000 }), (factor, raw) => {
        expect(scaleRaw(raw, factor)).toBe(exactScaleRaw(raw, factor));
      }),
      { numRuns: 3000 },
    );
  });

  it('rounds exact ties half to even, as the big-integer path does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000_000 }),
        fc.integer({ min: 1, max: 1_000 }),
        (raw, k) => {
          // raw · (2k+1) / 2: a tie whenever raw is odd.
          const factor = rationalFactor(BigInt(2 * k + 1), 2n);
          expect(scaleRaw(raw, factor)).toBe(exactScaleRaw(raw, factor));
        },
      ),
    );
    expect(scaleRaw(5, rationalFactor(1n, 2n))).toBe(2);
    expect(scaleRaw(7, rationalFactor(1n, 2n))).toBe(4);
  });

  it('takes the exact path for factors beyond the range of doubles', () => {
    const huge = 10n ** 400n;
    const factor = rationalFactor(huge, huge * 10n);
    expect(Number.isNaN(factor.approximate)).toBe(true);
    expect(scaleRaw(12_345, factor)).toBe(1_234);
    expect(scaleRaw(12_355, factor)).toBe(1_236);
  });
});
