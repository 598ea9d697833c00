// The columns a backtest result's curves live in, and giving them back: a caller done with a result
// (the optimizer's evaluator, having taken its metrics and curve; the benchmark) releases it, and the
// next run of the process writes its curves into the same memory instead of fresh pages.
import { SpareColumns } from '@ats/analytics';

/**
 * Released columns, for the next runs: a run takes four (time, equity, exposure, buy and hold), so this
 * keeps two runs' worth.
 */
const spareCurveColumns = new SpareColumns(8);

/** A column of at least `length` values for a run's curve (a released one when one is large enough). */
export function takeCurveColumn(length: number): Float64Array<ArrayBuffer> {
  return spareCurveColumns.take(length);
}

/** A column a run outgrew (its values copied to a larger one), for a later run. */
export function giveBackCurveColumn(column: Float64Array<ArrayBuffer>): void {
  spareCurveColumns.give(column);
}

export interface CurveColumns {
  readonly time: Float64Array;
  readonly equity: Float64Array;
  readonly exposure: Float64Array;
  readonly benchmark: Float64Array;
}

/**
 * A result's curve columns (their first `points` values) and the logs its rows are built from, readable
 * until the result is released.
 */
export class ResultColumns {
  private released = false;
  private readonly views: CurveColumns;

  /**
   * `whole`: the columns as taken (their full length), given back on release, with whatever else the
   * result holds until then (`alsoRelease`: the order and fill logs its rows are built from).
   */
  constructor(
    private readonly whole: readonly Float64Array<ArrayBuffer>[],
    views: CurveColumns,
    private readonly alsoRelease: readonly (() => void)[] = [],
  ) {
    this.views = views;
  }

  /** The columns, or an error once released (their memory then holds another run's curve). */
  read(): CurveColumns {
    if (this.released)
      throw new Error(
        'this backtest result was released: its curves and rows now hold another run (read them before releasing it)',
      );
    return this.views;
  }

  /** Gives the columns back (once; a second release does nothing). */
  release(): void {
    if (this.released) return;
    this.released = true;
    for (const column of this.whole) spareCurveColumns.give(column);
    for (const release of this.alsoRelease) release();
  }
}
