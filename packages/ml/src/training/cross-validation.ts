// Time-series validation splits: walk-forward windows and purged, embargoed k-fold, with no label overlap between train and test.

/** One split: positions of rows (in time order) to train on and to test on. */
export interface Split {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

export interface WalkForwardOptions {
  readonly rows: number;
  /** Rows in each training window (the most recent before the test window), or 0 for an expanding window. */
  readonly trainRows: number;
  /** Rows in each test window; windows follow each other without overlap. */
  readonly testRows: number;
  /** The first test window starts after at least this many training rows. */
  readonly minimumTrainRows: number;
  /** Bars each label looks ahead: training rows whose label reaches into the test window are dropped. */
  readonly horizon: number;
}

function whole(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum)
    throw new RangeError(`${name}: ${value} must be a whole number of at least ${minimum}`);
}

function range(start: number, end: number): Int32Array {
  return Int32Array.from({ length: Math.max(0, end - start) }, (_, index) => start + index);
}

/**
 * Walk-forward: train on the past, test on the next window, step forward by the test window. A
 * training row i has its label at i + horizon, so rows within `horizon` of the test start are purged.
 */
export function walkForwardSplits(options: WalkForwardOptions): Split[] {
  whole('walkForward.rows', options.rows, 1);
  whole('walkForward.testRows', options.testRows, 1);
  whole('walkForward.trainRows', options.trainRows, 0);
  whole('walkForward.minimumTrainRows', options.minimumTrainRows, 1);
  whole('walkForward.horizon', options.horizon, 0);
  const splits: Split[] = [];
  for (
    let testStart = options.minimumTrainRows + options.horizon;
    testStart < options.rows;
    testStart += options.testRows
  ) {
    const trainEnd = testStart - options.horizon;
    const trainStart = options.trainRows === 0 ? 0 : Math.max(0, trainEnd - options.trainRows);
    splits.push({
      train: range(trainStart, trainEnd),
      test: range(testStart, Math.min(options.rows, testStart + options.testRows)),
    });
  }
  return splits;
}

export interface PurgedKFoldOptions {
  readonly rows: number;
  readonly folds: number;
  /** Bars each label looks ahead. */
  readonly horizon: number;
  /** Rows after each test fold also left out of training (serial correlation beyond the label). */
  readonly embargo: number;
}

/**
 * Purged k-fold (López de Prado): contiguous test folds; a training row i is dropped when its label
 * span [i, i + horizon] overlaps the test fold's spans [start, end − 1 + horizon], and rows after the
 * fold within the embargo are dropped too. Training may use rows after the test fold (not walk-forward).
 */
export function purgedKFoldSplits(options: PurgedKFoldOptions): Split[] {
  whole('purgedKFold.folds', options.folds, 2);
  whole('purgedKFold.rows', options.rows, options.folds);
  whole('purgedKFold.horizon', options.horizon, 0);
  whole('purgedKFold.embargo', options.embargo, 0);
  const splits: Split[] = [];
  for (let fold = 0; fold < options.folds; fold++) {
    const start = Math.round((fold * options.rows) / options.folds);
    const end = Math.round(((fold + 1) * options.rows) / options.folds);
    const train: number[] = [];
    for (let row = 0; row < options.rows; row++) {
      // Before the fold: the label [row, row + horizon] must end before the fold starts.
      if (row < start && row + options.horizon < start) train.push(row);
      // After the fold: past the test labels' reach (end − 1 + horizon) and the embargo.
      else if (row >= end && row > end - 1 + options.horizon + options.embargo) train.push(row);
    }
    splits.push({ train: Int32Array.from(train), test: range(start, end) });
  }
  return splits;
}
