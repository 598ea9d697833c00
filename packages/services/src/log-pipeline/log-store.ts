// The PostgreSQL log table: batched inserts and full-text search (used when no Elasticsearch is set).
import type { Queryable } from '@ats/persistence';
import type { LogRecord } from './log-record.js';

export interface LogQuery {
  /** Words that must all appear in the message or fields (PostgreSQL full-text search, `simple` config). */
  readonly text?: string;
  readonly level?: string;
  readonly service?: string;
  readonly correlationId?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly limit: number;
}

export interface StoredLog extends LogRecord {
  readonly id: number;
}

export async function insertLogRecords(database: Queryable, records: readonly LogRecord[]): Promise<void> {
  if (records.length === 0) return;
  const values: string[] = [];
  const parameters: unknown[] = [];
  for (const record of records) {
    const base = parameters.length;
    values.push(`($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6})`);
    parameters.push(
      record.time,
      record.level.slice(0, 10),
      record.service.slice(0, 100),
      record.correlationId,
      // PostgreSQL text holds no NUL character.
      record.message.replaceAll('\u0000', ''),
      JSON.stringify(record.fields).replaceAll('\\u0000', ''),
    );
  }
  await database.query(
    `INSERT INTO log_entries (logged_at, level, service, correlation_id, message, fields) VALUES ${values.join(', ')}`,
    parameters,
  );
}

export async function searchLogs(database: Queryable, query: LogQuery): Promise<StoredLog[]> {
  const where: string[] = [];
  const parameters: unknown[] = [];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    parameters.push(value);
    where.push(condition(`$${parameters.length}`));
  };
  if (query.text) add((p) => `search @@ plainto_tsquery('simple', ${p})`, query.text);
  if (query.level) add((p) => `level = ${p}`, query.level);
  if (query.service) add((p) => `service = ${p}`, query.service);
  if (query.correlationId) add((p) => `correlation_id = ${p}`, query.correlationId);
  if (query.from) add((p) => `logged_at >= ${p}`, query.from);
  if (query.to) add((p) => `logged_at < ${p}`, query.to);
  parameters.push(query.limit);
  const rows = await database.query(
    `SELECT id, logged_at, level, service, correlation_id, message, fields FROM log_entries
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY logged_at DESC, id DESC LIMIT $${parameters.length}`,
    parameters,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    time: new Date(row.logged_at as string).toISOString(),
    level: String(row.level),
    service: String(row.service),
    correlationId: (row.correlation_id as string | null) ?? null,
    message: String(row.message),
    fields: (typeof row.fields === 'string' ? JSON.parse(row.fields) : row.fields) as Record<string, unknown>,
  }));
}

/** Removes logs older than the retention (monitoring.log_retention); returns how many. */
export async function removeLogsBefore(database: Queryable, before: Date): Promise<number> {
  return (await database.query('DELETE FROM log_entries WHERE logged_at < $1 RETURNING id', [before])).length;
}
