// Monthly partitions of market_quotes: creates them ahead of the data, moves rows out of the default
// partition into their month, and drops whole months past the retention (cheap: no row-by-row DELETE).
import type { Database } from '../database.js';

/** The first instant (UTC) of the month holding `instant`. */
function monthStart(instant: number): number {
  const date = new Date(instant);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function nextMonth(start: number): number {
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/** market_quotes_y2013m10 for October 2013. */
export function quotePartitionName(start: number): string {
  const date = new Date(start);
  return `market_quotes_y${date.getUTCFullYear()}m${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

export interface QuotePartition {
  readonly name: string;
  readonly from: number;
  readonly to: number;
}

/** The monthly partitions that exist, oldest first (the default partition is not listed). */
export async function listQuotePartitions(database: Database): Promise<QuotePartition[]> {
  const rows = await database.query<{ name: string }>(
    `SELECT child.relname AS name FROM pg_inherits
       JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
       JOIN pg_class child ON child.oid = pg_inherits.inhrelid
       JOIN pg_namespace ns ON ns.oid = parent.relnamespace
     WHERE parent.relname = 'market_quotes' AND ns.nspname = current_schema()
       AND child.relname ~ '^market_quotes_y[0-9]{4}m[0-9]{2}$'
     ORDER BY child.relname`,
  );
  return rows.map(({ name }) => {
    const match = /y(\d{4})m(\d{2})$/.exec(name) as RegExpExecArray;
    const from = Date.UTC(Number(match[1]), Number(match[2]) - 1, 1);
    return { name, from, to: nextMonth(from) };
  });
}

/**
 * Makes sure every month from `from` to `to` has its partition. Rows of such a month already in the
 * default partition are moved into it in the same transaction (PostgreSQL refuses to attach a partition
 * while the default holds rows of its range).
 */
export async function ensureQuotePartitions(database: Database, from: number, to: number): Promise<string[]> {
  const existing = new Set((await listQuotePartitions(database)).map((partition) => partition.name));
  const created: string[] = [];
  for (let start = monthStart(from); start <= to; start = nextMonth(start)) {
    const name = quotePartitionName(start);
    if (existing.has(name)) continue;
    const lower = new Date(start).toISOString();
    const upper = new Date(nextMonth(start)).toISOString();
    await database.transaction(async (transaction) => {
      await transaction.query(`CREATE TABLE ${name} (LIKE market_quotes INCLUDING DEFAULTS)`);
      await transaction.query(
        `WITH moved AS (DELETE FROM market_quotes_default WHERE timestamp >= $1 AND timestamp < $2 RETURNING *)
         INSERT INTO ${name} SELECT * FROM moved`,
        [lower, upper],
      );
      await transaction.query(
        `ALTER TABLE market_quotes ATTACH PARTITION ${name} FOR VALUES FROM ('${lower}') TO ('${upper}')`,
      );
    });
    created.push(name);
  }
  return created;
}

/**
 * Drops the monthly partitions that end at or before `cutoff` and deletes older rows left in the
 * default partition. Returns the partitions dropped.
 */
export async function dropQuotesBefore(database: Database, cutoff: number): Promise<string[]> {
  const dropped: string[] = [];
  for (const partition of await listQuotePartitions(database)) {
    if (partition.to > cutoff) continue;
    await database.execute(`DROP TABLE ${partition.name}`);
    dropped.push(partition.name);
  }
  await database.query('DELETE FROM market_quotes_default WHERE timestamp < $1', [
    new Date(cutoff).toISOString(),
  ]);
  return dropped;
}
