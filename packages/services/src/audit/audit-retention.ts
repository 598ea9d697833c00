// Retention of the audit log per monitoring.log_retention: removes the oldest whole prefix that ends at
// a checkpoint older than the retention, through the database's audit_retention_cut, and records the cut.
import type { Database } from '@ats/persistence';
import type { AuditRecorder } from './audit-recorder.js';

export interface RetentionOutcome {
  /** The last record removed, or null when nothing was old enough. */
  readonly throughSeq: number | null;
  readonly removed: number;
}

export async function applyAuditRetention(options: {
  readonly database: Database;
  readonly retentionMilliseconds: number;
  readonly now: number;
  readonly recorder: AuditRecorder;
}): Promise<RetentionOutcome> {
  const { database } = options;
  const cutoff = new Date(options.now - options.retentionMilliseconds);
  const [candidate] = await database.query<{ seq: string }>(
    `SELECT c.seq FROM audit_checkpoints c JOIN audit_records r ON r.seq = c.seq
      WHERE r.occurred_at < $1 ORDER BY c.seq DESC LIMIT 1`,
    [cutoff],
  );
  if (!candidate) return { throughSeq: null, removed: 0 };
  const throughSeq = Number(candidate.seq);
  const [result] = await database.query<{ removed: string }>('SELECT audit_retention_cut($1) AS removed', [
    throughSeq,
  ]);
  const removed = Number(result?.removed ?? 0);
  options.recorder.record({
    occurredAt: options.now,
    actor: { kind: 'system', id: 'audit-retention' },
    action: 'audit.retention_cut',
    object: `audit_records<=${throughSeq}`,
    outcome: 'success',
    detail: { throughSeq, removed, olderThan: cutoff.toISOString() },
  });
  return { throughSeq, removed };
}
