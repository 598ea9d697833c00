// Searches the audit log by actor, action, object and time, newest first, in pages.
import type { Database } from '@ats/persistence';
import type { AuditRecord } from './audit-record.js';
import { type AuditRow, auditRowColumns, recordOfRow } from './audit-row.js';

export interface AuditQuery {
  readonly actor?: string | undefined;
  /** An exact action, or a prefix ending in `.*` (`http.*`, `order.*`). */
  readonly action?: string | undefined;
  readonly object?: string | undefined;
  /** Inclusive bounds, epoch milliseconds. */
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  /** Records older than this sequence number (the next page after the last seq seen). */
  readonly before?: number | undefined;
  readonly limit?: number | undefined;
}

export const maxSearchLimit = 1_000;

export async function searchAuditLog(database: Database, query: AuditQuery): Promise<AuditRecord[]> {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (condition: string, value: unknown) => {
    values.push(value);
    conditions.push(condition.replace('?', `$${values.length}`));
  };
  if (query.actor !== undefined) add('actor_id = ?', query.actor);
  if (query.action !== undefined) {
    if (query.action.endsWith('.*')) add('action LIKE ?', `${escapeLike(query.action.slice(0, -1))}%`);
    else add('action = ?', query.action);
  }
  if (query.object !== undefined) add('object = ?', query.object);
  if (query.from !== undefined) add('occurred_at >= ?', new Date(query.from));
  if (query.to !== undefined) add('occurred_at <= ?', new Date(query.to));
  if (query.before !== undefined) add('seq < ?', query.before);
  const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? 100)), maxSearchLimit);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const rows = await database.query<AuditRow>(
    `SELECT ${auditRowColumns} FROM audit_records ${where} ORDER BY seq DESC LIMIT ${limit}`,
    values,
  );
  return rows.map(recordOfRow);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
