// What a checkpoint signs: one record's sequence number and hash, and when it was signed.
import { canonicalJson } from './canonical-json.js';

export interface AuditCheckpoint {
  readonly seq: number;
  readonly recordHash: string;
  readonly signedAt: number;
  readonly keyId: string;
  readonly signature: string;
}

export function checkpointMessage(
  checkpoint: Pick<AuditCheckpoint, 'seq' | 'recordHash' | 'signedAt'>,
): string {
  return canonicalJson({
    kind: 'ats-audit-checkpoint',
    seq: checkpoint.seq,
    recordHash: checkpoint.recordHash,
    signedAt: new Date(checkpoint.signedAt).toISOString(),
  });
}
