// The order and fill logs' columns: taken from the logs of finished runs when there are (see
// SpareColumns: a run's log columns were a fifth of a short run's fixed cost), doubled when full, and
// given back once the run's results are built.
import { SpareColumns } from '@ats/analytics';

/** Two logs of a run: seven columns, kept for the next run, and a few spares for runs side by side. */
const spareLogColumns = new SpareColumns(16);

/** A log column of exactly `size` values. */
export function logColumn(size: number): Float64Array<ArrayBuffer> {
  return spareLogColumns.take(size);
}

/** A log column of `size` values holding the full `column`'s; `column` goes back for a later run. */
export function grownColumn(column: Float64Array<ArrayBuffer>, size: number): Float64Array<ArrayBuffer> {
  const larger = spareLogColumns.take(size);
  larger.set(column);
  spareLogColumns.give(column);
  return larger;
}

/** A finished log's columns, for the next run (nothing of the log may read them afterwards). */
export function giveBackLogColumns(columns: readonly Float64Array<ArrayBuffer>[]): void {
  for (const column of columns) spareLogColumns.give(column);
}
