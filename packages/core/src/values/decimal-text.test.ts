// Integer-made number text matches JavaScript's own (toFixed, String) on prices, money and other floats.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../time/random-source.js';
import { SCALE } from './decimal-scale.js';
import { fixedText, numberText } from './decimal-text.js';

/** Whole counts of 1/10,000 across magnitudes, halfway cases and signs, then floats that are not. */
function samples(): number[] {
  const random = new SeededRandom(11);
  const values = [0, -0, 1, -1, 0.0001, -0.0001, 0.005, 1.005, 2.675, -2.675, 0.125, 99_999_999_999.9999];
  for (let index = 0; index < 40_000; index++) {
    const digits = 1 + Math.floor(random.next() * 15);
    const raw = Math.floor(random.next() * 10 ** digits) * (random.next() < 0.2 ? -1 : 1);
    values.push(raw / SCALE);
    // Exactly halfway at 2 and at 0 decimals.
    values.push(
      (Math.floor(raw / 100) * 100 + 50) / SCALE,
      (Math.floor(raw / SCALE) * SCALE + 5_000) / SCALE,
    );
  }
  for (let index = 0; index < 5_000; index++) values.push((random.next() - 0.5) * 10 ** (random.next() * 14));
  values.push(1e21, 1.5e22, 1e-7, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 53);
  return values;
}

describe('decimal text', () => {
  const values = samples();

  it('fixedText writes what toFixed writes, for 0 to 4 digits', () => {
    const differing: string[] = [];
    for (const digits of [0, 1, 2, 3, 4] as const)
      for (const value of values)
        if (fixedText(value, digits) !== value.toFixed(digits)) differing.push(`${value} to ${digits}`);
    expect(differing).toEqual([]);
  });

  it('numberText writes what String writes', () => {
    const differing = values.filter((value) => numberText(value) !== String(value));
    expect(differing).toEqual([]);
  });
});
