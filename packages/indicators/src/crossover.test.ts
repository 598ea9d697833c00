// Exact averages of fixed-point prices and the crossover rule: ties are equal and are not crosses.
import { describe, expect, it } from 'vitest';
import { Crossover } from './crossover.js';
import { compareAverages, FixedPointSimpleMovingAverage } from './fixed-point-moving-average.js';

describe('Crossover', () => {
  it('counts a change of sign against the last non-zero sign, never a tie', () => {
    const crossover = new Crossover();
    const crosses = [-1, 0, 1, 0, 1, 0, 0, -1, -1, 1].map((sign) => crossover.update(sign));
    // -1 first (no cross), 0 tie, 1 up, 0 tie, 1 same side, 0, 0, -1 down, -1, 1 up.
    expect(crosses).toEqual([null, null, 'up', null, null, null, null, 'down', null, 'up']);
  });

  it('takes no cross from the first non-zero sign even after ties', () => {
    const crossover = new Crossover();
    expect([0, 0, 1, -1].map((sign) => crossover.update(sign))).toEqual([null, null, null, 'down']);
  });
});

describe('FixedPointSimpleMovingAverage', () => {
  it('keeps the exact integer sum of the last period inputs', () => {
    const average = new FixedPointSimpleMovingAverage(3);
    for (const raw of [1, 2, 3, 4, 10_001]) average.update(raw);
    // Last three: 3 + 4 + 10,001.
    expect(average.sum).toBe(10_008);
    expect(average.ready).toBe(true);
    expect(average.value).toBeCloseTo(10_008 / 3 / 10_000, 15);
  });

  it('compares two averages of different periods exactly by cross-multiplying', () => {
    const fast = new FixedPointSimpleMovingAverage(2);
    const slow = new FixedPointSimpleMovingAverage(3);
    // Fast: (2 + 4) / 2 = 3; slow: (3 + 2 + 4) / 3 = 3: equal.
    for (const raw of [3, 2, 4]) {
      fast.update(raw);
      slow.update(raw);
    }
    expect(compareAverages(fast, slow)).toBe(0);
    fast.update(5);
    slow.update(5);
    // Fast 4.5 against slow 11 / 3.
    expect(compareAverages(fast, slow)).toBe(1);
  });

  it('refuses an input that is not a safe integer, naming it', () => {
    expect(() => new FixedPointSimpleMovingAverage(2).update(1.5)).toThrow(/input 1.5 is not a safe integer/);
  });
});
