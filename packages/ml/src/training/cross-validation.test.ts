// No training row's label span comes within the horizon (plus embargo) of a test row, in either split scheme.
import { describe, expect, it } from 'vitest';
import { purgedKFoldSplits, type Split, walkForwardSplits } from './cross-validation.js';

/** The smallest distance between a train row and a test row, looking each way. */
function gaps(split: Split) {
  const testStart = split.test[0] as number;
  const testEnd = split.test[split.test.length - 1] as number;
  let before = Number.POSITIVE_INFINITY;
  let after = Number.POSITIVE_INFINITY;
  for (const row of split.train) {
    expect(split.test.includes(row)).toBe(false);
    if (row < testStart) before = Math.min(before, testStart - row);
    else after = Math.min(after, row - testEnd);
  }
  return { before, after };
}

describe('purgedKFoldSplits', () => {
  it.each([
    [1000, 5, 5, 10],
    [997, 7, 20, 0],
    [300, 3, 1, 3],
  ])(
    'rows %i, %i folds, horizon %i, embargo %i: train and test never meet within horizon + embargo',
    (rows, folds, horizon, embargo) => {
      const splits = purgedKFoldSplits({ rows, folds, horizon, embargo });
      expect(splits).toHaveLength(folds);
      const tested = new Set<number>();
      for (const split of splits) {
        for (const row of split.test) tested.add(row);
        const { before, after } = gaps(split);
        // A train row i before the fold: its label reaches i + horizon < test start.
        expect(before).toBeGreaterThan(horizon);
        // A train row after the fold: beyond the last test label (end + horizon) and the embargo.
        expect(after).toBeGreaterThan(horizon + embargo);
        // Purging removes only what it must: the nearest allowed rows are used.
        if (Number.isFinite(before)) expect(before).toBe(horizon + 1);
        if (Number.isFinite(after)) expect(after).toBe(horizon + embargo + 1);
      }
      expect(tested.size).toBe(rows);
    },
  );

  it('names a bad option', () => {
    expect(() => purgedKFoldSplits({ rows: 100, folds: 1, horizon: 1, embargo: 0 })).toThrow(
      /purgedKFold.folds: 1 must be a whole number of at least 2/,
    );
    expect(() => purgedKFoldSplits({ rows: 100, folds: 5, horizon: -1, embargo: 0 })).toThrow(
      /purgedKFold.horizon/,
    );
  });
});

describe('walkForwardSplits', () => {
  it('trains only on rows whose labels end before the test window, windows tile forward', () => {
    const horizon = 5;
    const splits = walkForwardSplits({
      rows: 1000,
      trainRows: 300,
      testRows: 100,
      minimumTrainRows: 200,
      horizon,
    });
    let previousEnd = -1;
    for (const split of splits) {
      const { before, after } = gaps(split);
      expect(after).toBe(Number.POSITIVE_INFINITY);
      expect(before).toBe(horizon + 1);
      expect(split.train.length).toBeLessThanOrEqual(300);
      if (previousEnd >= 0) expect(split.test[0]).toBe(previousEnd + 1);
      previousEnd = split.test[split.test.length - 1] as number;
    }
    expect(previousEnd).toBe(999);
  });
});
