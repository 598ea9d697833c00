// Walks the audit chain from its start (or its last retention cut) and names the first record that
// breaks it: altered, missing, out of link, or cut off after a signed checkpoint.
import type { Database } from '@ats/persistence';
import { type AuditCheckpoint, checkpointMessage } from './audit-checkpoint.js';
import { genesisHash, hashOfRecord } from './audit-record.js';
import { type AuditRow, auditRowColumns, recordOfRow } from './audit-row.js';
import type { AuditSigningKey } from './audit-signing-key.js';

export interface AuditChainProblem {
  /** The first record that does not verify (for a truncation: the first record that is missing). */
  readonly seq: number;
  readonly reason: string;
}

export interface AuditChainReport {
  readonly ok: boolean;
  readonly recordsChecked: number;
  readonly firstSeq: number | null;
  readonly lastSeq: number | null;
  readonly checkpointsVerified: number;
  readonly latestCheckpoint: AuditCheckpoint | null;
  readonly problem: AuditChainProblem | null;
}

const pageSize = 2_000;

async function checkpointsOf(database: Database): Promise<Map<number, AuditCheckpoint>> {
  const rows = await database.query<{
    seq: string;
    record_hash: string;
    signed_at: Date | string;
    key_id: string;
    signature: string;
  }>('SELECT seq, record_hash, signed_at, key_id, signature FROM audit_checkpoints ORDER BY seq');
  return new Map(
    rows.map((row) => [
      Number(row.seq),
      {
        seq: Number(row.seq),
        recordHash: row.record_hash,
        signedAt: new Date(row.signed_at).getTime(),
        keyId: row.key_id,
        signature: row.signature,
      },
    ]),
  );
}

/** Why a checkpoint cannot be trusted, or null when its signature is the deployment key's. */
function checkpointFault(checkpoint: AuditCheckpoint, key: AuditSigningKey): string | null {
  if (checkpoint.keyId !== key.keyId)
    return `checkpoint at record ${checkpoint.seq} is signed by key ${checkpoint.keyId}, not the audit key ${key.keyId}`;
  if (!key.verify(checkpointMessage(checkpoint), checkpoint.signature))
    return `checkpoint at record ${checkpoint.seq} has an invalid signature`;
  return null;
}

export async function verifyAuditChain(database: Database, key: AuditSigningKey): Promise<AuditChainReport> {
  const checkpoints = await checkpointsOf(database);
  let verified = 0;
  let checked = 0;
  let firstSeq: number | null = null;
  let lastSeq: number | null = null;
  let latest: AuditCheckpoint | null = null;
  for (const checkpoint of checkpoints.values()) {
    const fault = checkpointFault(checkpoint, key);
    if (fault) return report({ seq: checkpoint.seq, reason: fault });
    latest = checkpoint;
  }

  const [cut] = await database.query<{ through_seq: string; record_hash: string }>(
    'SELECT through_seq, record_hash FROM audit_retention_cuts ORDER BY through_seq DESC LIMIT 1',
  );
  let expectedSeq = 1;
  let expectedPrevious = genesisHash;
  if (cut) {
    const through = Number(cut.through_seq);
    const checkpoint = checkpoints.get(through);
    if (!checkpoint || checkpoint.recordHash !== cut.record_hash)
      return report({
        seq: through + 1,
        reason: `the retention cut through record ${through} has no matching signed checkpoint`,
      });
    expectedSeq = through + 1;
    expectedPrevious = cut.record_hash;
  }

  for (;;) {
    const rows = await database.query<AuditRow>(
      `SELECT ${auditRowColumns} FROM audit_records WHERE seq >= $1 ORDER BY seq LIMIT ${pageSize}`,
      [expectedSeq],
    );
    for (const row of rows) {
      const record = recordOfRow(row);
      if (record.seq !== expectedSeq)
        return report({
          seq: expectedSeq,
          reason:
            expectedSeq === 1 && firstSeq === null
              ? `records before ${record.seq} are missing and no retention cut accounts for them`
              : `record ${expectedSeq} is missing (the next record is ${record.seq})`,
        });
      if (hashOfRecord(record) !== record.recordHash)
        return report({
          seq: record.seq,
          reason: `record ${record.seq} does not match its hash: it was altered`,
        });
      if (record.previousHash !== expectedPrevious)
        return report({
          seq: record.seq,
          reason: `record ${record.seq} does not link to record ${record.seq - 1} (its previous hash differs): one of them was altered`,
        });
      const checkpoint = checkpoints.get(record.seq);
      if (checkpoint) {
        if (checkpoint.recordHash !== record.recordHash)
          return report({
            seq: record.seq,
            reason: `record ${record.seq} differs from the hash its signed checkpoint holds: the chain was rewritten`,
          });
        verified++;
      }
      firstSeq ??= record.seq;
      lastSeq = record.seq;
      checked++;
      expectedSeq = record.seq + 1;
      expectedPrevious = record.recordHash;
    }
    if (rows.length < pageSize) break;
  }
  const end = lastSeq ?? expectedSeq - 1;
  if (latest && latest.seq > end)
    return report({
      seq: end + 1,
      reason: `the log was truncated: a checkpoint signed record ${latest.seq} at ${new Date(latest.signedAt).toISOString()}, but the log ends at record ${end}`,
    });
  return report(null);

  function report(problem: AuditChainProblem | null): AuditChainReport {
    return {
      ok: problem === null,
      recordsChecked: checked,
      firstSeq,
      lastSeq,
      checkpointsVerified: verified,
      latestCheckpoint: latest,
      problem,
    };
  }
}
