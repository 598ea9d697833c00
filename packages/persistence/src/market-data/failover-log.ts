// Records each switch of the market data feed from one provider to the next, and reads them back.
import type { Database } from '../database.js';
import { millisecondsOf } from '../sql-values.js';

export interface FailoverRecord {
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

export class FailoverLog {
  constructor(private readonly database: Database) {}

  async record(switchRecord: FailoverRecord): Promise<void> {
    await this.database.query(
      'INSERT INTO market_data_failovers (from_provider, to_provider, reason) VALUES ($1, $2, $3)',
      [switchRecord.from, switchRecord.to, switchRecord.reason],
    );
  }

  async latest(limit: number): Promise<(FailoverRecord & { readonly at: number })[]> {
    const rows = await this.database.query(
      'SELECT from_provider, to_provider, reason, switched_at FROM market_data_failovers ORDER BY id DESC LIMIT $1',
      [limit],
    );
    return rows.map((row) => ({
      from: String(row.from_provider),
      to: String(row.to_provider),
      reason: String(row.reason),
      at: millisecondsOf(row.switched_at),
    }));
  }
}
