// The sliding rolling VaR against the definition (sort every window), on curves with ties and gaps.
import { describe, expect, it } from 'vitest';
import { rollingHistoricalVar } from './rolling-var.js';
import { empiricalTail } from './value-at-risk.js';

/** The definition, as written before the sliding version: sort each window's scenarios. */
function sortedWindowVar(equity: readonly number[], window: number, confidence: number): Float64Array {
  const result = new Float64Array(equity.length).fill(Number.NaN);
  for (let t = window; t < equity.length; t++) {
    const current = equity[t] as number;
    if (!(current > 0)) continue;
    const scenarios = new Float64Array(window);
    let usable = true;
    for (let s = 0; s < window; s++) {
      const previous = equity[t - window + s] as number;
      if (!(previous > 0)) usable = false;
      scenarios[s] = current * ((equity[t - window + 1 + s] as number) / previous - 1);
    }
    if (usable) result[t] = empiricalTail(scenarios, confidence).valueAtRisk;
  }
  return result;
}

/** A seeded curve on a coarse grid (so returns tie often), with occasional zero equity (no return). */
function curve(seed: number, length: number): number[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const values: number[] = [];
  let equity = 1000;
  for (let index = 0; index < length; index++) {
    equity = Math.max(1, equity + Math.round((next() - 0.5) * 10) * 5);
    values.push(next() < 0.01 ? 0 : equity);
  }
  return values;
}

describe('rolling historical VaR, sliding', () => {
  it('equals the sorted-window VaR at every point, ties and zero-equity gaps included', () => {
    for (const [seed, window, confidence] of [
      [1, 20, 0.99],
      [2, 50, 0.95],
      [3, 7, 0.6],
      [4, 250, 0.99],
    ] as const) {
      const equity = curve(seed, 1200);
      const expected = sortedWindowVar(equity, window, confidence);
      const actual = rollingHistoricalVar(equity, window, confidence);
      expect(Array.from(actual)).toEqual(Array.from(expected));
    }
  });

  it('equals the sorted-window VaR on a curve with long flat stretches (the same return leaving and entering)', () => {
    // Flat while no position is held (every return 0), moving between: the window keeps its values
    // when a 0 leaves and a 0 enters, and must still give the definition's VaR everywhere.
    const moving = curve(5, 1500);
    const equity = moving.map((value, index) =>
      Math.floor(index / 100) % 2 === 0 ? 1000 : Math.max(1, value),
    );
    for (const [window, confidence] of [
      [20, 0.99],
      [50, 0.9],
      [250, 0.99],
    ] as const) {
      const expected = sortedWindowVar(equity, window, confidence);
      const actual = rollingHistoricalVar(equity, window, confidence);
      expect(Array.from(actual)).toEqual(Array.from(expected));
    }
  });
});
