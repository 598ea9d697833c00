// Where each backfill got to (per provider, symbol, timeframe and requested range), so a rerun resumes.
import type { Database, Queryable } from '../database.js';
import { millisecondsOf, timestampText } from '../sql-values.js';

export interface BackfillKey {
  readonly provider: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly from: number;
  readonly to: number;
}

export interface BackfillProgress {
  /** Everything before this instant is stored. */
  readonly doneUntil: number;
  readonly rowsWritten: number;
  readonly completed: boolean;
}

const keyParameters = (key: BackfillKey) => [
  key.provider,
  key.symbol,
  key.timeframe,
  timestampText(key.from),
  timestampText(key.to),
];

export class BackfillProgressStore {
  constructor(private readonly database: Database) {}

  async load(key: BackfillKey): Promise<BackfillProgress | null> {
    const rows = await this.database.query(
      `SELECT done_until, rows_written, completed FROM backfill_progress
       WHERE provider = $1 AND symbol = $2 AND timeframe = $3 AND range_from = $4 AND range_to = $5`,
      keyParameters(key),
    );
    const row = rows[0];
    if (!row) return null;
    return {
      doneUntil: millisecondsOf(row.done_until),
      rowsWritten: Number(row.rows_written),
      completed: row.completed === true,
    };
  }

  /** Records progress inside the transaction that stored the rows, so the two never disagree. */
  async save(transaction: Queryable, key: BackfillKey, progress: BackfillProgress): Promise<void> {
    await transaction.query(
      `INSERT INTO backfill_progress (provider, symbol, timeframe, range_from, range_to, done_until, rows_written, completed, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NOW())
       ON CONFLICT (provider, symbol, timeframe, range_from, range_to) DO UPDATE SET
         done_until = EXCLUDED.done_until, rows_written = EXCLUDED.rows_written,
         completed = EXCLUDED.completed, updated_at = NOW()`,
      [...keyParameters(key), timestampText(progress.doneUntil), progress.rowsWritten, progress.completed],
    );
  }
}
