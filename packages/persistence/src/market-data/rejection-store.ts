// Keeps rejected market data with its reason for inspection, bounded to the newest rows.
import type { Database } from '../database.js';
import { millisecondsOf } from '../sql-values.js';

export interface MarketDataRejectionRecord {
  readonly symbol: string;
  readonly source: string | null;
  readonly code: string;
  readonly reason: string;
  /** The record as it arrived (a raw quote, trade or bar). */
  readonly payload: unknown;
}

export interface StoredRejection extends MarketDataRejectionRecord {
  readonly id: number;
  readonly rejectedAt: number;
}

/** JSON of a payload that may hold values JSON cannot (NaN, Infinity, bigint): named as text instead. */
function payloadJson(payload: unknown): string {
  return JSON.stringify(payload, (_key, value: unknown) => {
    if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
    if (typeof value === 'bigint') return value.toString();
    return value;
  });
}

export class MarketDataRejectionStore {
  /** @param keep the newest rows kept; older ones are deleted as new ones arrive. */
  constructor(
    private readonly database: Database,
    private readonly keep = 100_000,
  ) {}

  async append(records: readonly MarketDataRejectionRecord[]): Promise<void> {
    if (records.length === 0) return;
    const parameters: unknown[] = [];
    const tuples: string[] = [];
    for (const record of records) {
      const base = parameters.length;
      parameters.push(
        record.symbol.slice(0, 20),
        record.source,
        record.code,
        record.reason,
        payloadJson(record.payload),
      );
      tuples.push(`($${base + 1},$${base + 2},$${base + 3},$${base + 4},$${base + 5}::jsonb)`);
    }
    await this.database.query(
      `INSERT INTO market_data_rejections (symbol, source, code, reason, payload) VALUES ${tuples.join(',')}`,
      parameters,
    );
    await this.database.query(
      'DELETE FROM market_data_rejections WHERE id <= (SELECT max(id) FROM market_data_rejections) - $1',
      [this.keep],
    );
  }

  /** The newest rejections first, optionally of one symbol. */
  async latest(limit: number, symbol?: string): Promise<StoredRejection[]> {
    const rows = symbol
      ? await this.database.query(
          'SELECT * FROM market_data_rejections WHERE symbol = $1 ORDER BY id DESC LIMIT $2',
          [symbol, limit],
        )
      : await this.database.query('SELECT * FROM market_data_rejections ORDER BY id DESC LIMIT $1', [limit]);
    return rows.map((row) => ({
      id: Number(row.id),
      symbol: String(row.symbol),
      source: row.source === null ? null : String(row.source),
      code: String(row.code),
      reason: String(row.reason),
      payload: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload,
      rejectedAt: millisecondsOf(row.rejected_at),
    }));
  }

  async count(): Promise<number> {
    const rows = await this.database.query('SELECT count(*)::text AS count FROM market_data_rejections');
    return Number(rows[0]?.count ?? 0);
  }
}
