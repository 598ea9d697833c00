// Maps rows of audit_records to records (PGlite and node-postgres return BIGINT and time differently).
import type { AuditRecord } from './audit-record.js';

export interface AuditRow {
  seq: string | number;
  occurred_at: Date | string;
  actor_kind: string;
  actor_id: string;
  actor_role: string | null;
  action: string;
  object: string | null;
  source: string | null;
  outcome: string;
  detail: string;
  previous_hash: string;
  record_hash: string;
  [column: string]: unknown;
}

export const auditRowColumns =
  'seq, occurred_at, actor_kind, actor_id, actor_role, action, object, source, outcome, detail, previous_hash, record_hash';

export function recordOfRow(row: AuditRow): AuditRecord {
  return {
    seq: Number(row.seq),
    occurredAt: new Date(row.occurred_at).getTime(),
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    actorRole: row.actor_role,
    action: row.action,
    object: row.object,
    source: row.source,
    outcome: row.outcome,
    detail: row.detail,
    previousHash: row.previous_hash,
    recordHash: row.record_hash,
  };
}
