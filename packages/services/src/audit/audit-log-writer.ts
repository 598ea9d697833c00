// Appends audit entries to the hash chain in batches (group commit), and signs a checkpoint every so often.
import type { Database, Queryable } from '@ats/persistence';
import { checkpointMessage } from './audit-checkpoint.js';
import { type AuditEntry, type AuditRecord, chainRecord, genesisHash } from './audit-record.js';
import type { AuditRecorder } from './audit-recorder.js';
import type { AuditSigningKey } from './audit-signing-key.js';

/** Writers of every process of a deployment take this lock, so the chain has one tail at a time. */
const chainLockKey = 7_315_920_011;

export interface AuditLogWriterOptions {
  readonly database: Database;
  readonly signingKey: AuditSigningKey;
  /** A checkpoint is signed once this many records were appended since the last one. */
  readonly checkpointEvery?: number;
  /** ...or once this long passed since the last one, if any record was appended. */
  readonly checkpointIntervalMilliseconds?: number;
  readonly maxBatch?: number;
  /** Wait before a failed batch is tried again (its entries stay queued, in order). */
  readonly retryMilliseconds?: number;
  readonly now?: () => number;
  readonly onError?: (error: unknown) => void;
}

const recordColumns =
  'seq, occurred_at, actor_kind, actor_id, actor_role, action, object, source, outcome, detail, previous_hash, record_hash';

export class AuditLogWriter implements AuditRecorder {
  private queue: AuditEntry[] = [];
  /** Entries recorded and entries stored so far; durable waiters resolve once theirs is stored. */
  private recorded = 0;
  private stored = 0;
  private durableWaiters: { ticket: number; resolve(): void }[] = [];
  /** Waiters share one promise until a batch is taken: one allocation per batch, not per entry. */
  private openWaiter: { ticket: number; resolve(): void; promise: Promise<void> } | null = null;
  private draining: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private lastCheckpointAt = 0;
  /** Failed batches in a row; health reports the writer degraded while it is above zero. */
  failuresInRow = 0;
  appended = 0;

  constructor(private readonly options: AuditLogWriterOptions) {}

  record(entry: AuditEntry): void {
    if (this.closed) return;
    this.queue.push(entry);
    this.recorded++;
    if (this.draining === null && this.retryTimer === null) this.draining = this.drainSoon();
  }

  /**
   * Records an entry and resolves once its batch is committed: a durable bus consumer acknowledges
   * the event only then. A failed batch is retried, so the promise waits rather than rejects.
   */
  recordDurably(entry: AuditEntry): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.record(entry);
    if (this.openWaiter) {
      this.openWaiter.ticket = this.recorded;
      return this.openWaiter.promise;
    }
    let resolve: () => void = () => {};
    const promise = new Promise<void>((settle) => {
      resolve = settle;
    });
    const waiter = { ticket: this.recorded, resolve, promise };
    this.openWaiter = waiter;
    this.durableWaiters.push(waiter);
    return promise;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Resolves once everything recorded so far is stored (or throws the write's error). */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.draining !== null) {
      if (this.draining) await this.draining;
      else if (this.queue.length > 0) {
        if (this.retryTimer) {
          clearTimeout(this.retryTimer);
          this.retryTimer = null;
        }
        await this.writeBatches(true);
      }
    }
  }

  /** Signs a checkpoint at the tail now (if the tail has none), e.g. before a retention cut or at stop. */
  async checkpointNow(): Promise<void> {
    await this.flush();
    await this.options.database.transaction(async (transaction) => {
      await this.lockChain(transaction);
      const tail = await this.tailOf(transaction);
      if (tail.seq > 0) await this.writeCheckpoint(transaction, tail.seq, tail.hash, true);
    });
  }

  /** Stores what is queued and signs the tail, so a cut of the tail after a clean stop is detectable. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.checkpointNow();
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  private async drainSoon(): Promise<void> {
    // Let the entries of the current tick join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      await this.writeBatches(false);
    } finally {
      this.draining = null;
    }
  }

  private async writeBatches(throwOnFailure: boolean): Promise<void> {
    const maxBatch = this.options.maxBatch ?? 500;
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, maxBatch);
      // Entries recorded from now on wait on a new shared promise, so this one is not held back by them.
      this.openWaiter = null;
      try {
        await this.append(batch);
        this.queue.splice(0, batch.length);
        this.failuresInRow = 0;
        this.appended += batch.length;
        this.stored += batch.length;
        if (this.durableWaiters.length > 0) this.releaseDurableWaiters();
      } catch (error) {
        this.failuresInRow++;
        this.options.onError?.(error);
        if (throwOnFailure) throw error;
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          if (this.draining === null) this.draining = this.drainSoon();
        }, this.options.retryMilliseconds ?? 1_000);
        this.retryTimer.unref();
        return;
      }
    }
  }

  private releaseDurableWaiters(): void {
    const waiting: { ticket: number; resolve(): void }[] = [];
    for (const waiter of this.durableWaiters) {
      if (waiter.ticket <= this.stored) waiter.resolve();
      else waiting.push(waiter);
    }
    this.durableWaiters = waiting;
  }

  private async lockChain(transaction: Queryable): Promise<void> {
    if (this.options.database.kind === 'postgres')
      await transaction.query('SELECT pg_advisory_xact_lock($1)', [chainLockKey]);
  }

  private async tailOf(transaction: Queryable): Promise<{ seq: number; hash: string }> {
    const [row] = await transaction.query<{ seq: string; record_hash: string }>(
      'SELECT seq, record_hash FROM audit_records ORDER BY seq DESC LIMIT 1',
    );
    if (row) return { seq: Number(row.seq), hash: row.record_hash };
    // Every record may have been cut by retention: the chain continues from the last cut.
    const [cut] = await transaction.query<{ through_seq: string; record_hash: string }>(
      'SELECT through_seq, record_hash FROM audit_retention_cuts ORDER BY through_seq DESC LIMIT 1',
    );
    return cut ? { seq: Number(cut.through_seq), hash: cut.record_hash } : { seq: 0, hash: genesisHash };
  }

  private async append(entries: readonly AuditEntry[]): Promise<void> {
    await this.options.database.transaction(async (transaction) => {
      await this.lockChain(transaction);
      const tail = await this.tailOf(transaction);
      let previous = tail.hash;
      const records: AuditRecord[] = entries.map((entry, index) => {
        const record = chainRecord(entry, tail.seq + index + 1, previous);
        previous = record.recordHash;
        return record;
      });
      const values: unknown[] = [];
      const rows = records.map((record, index) => {
        values.push(
          record.seq,
          new Date(record.occurredAt),
          record.actorKind,
          record.actorId,
          record.actorRole,
          record.action,
          record.object,
          record.source,
          record.outcome,
          record.detail,
          record.previousHash,
          record.recordHash,
        );
        const base = index * 12;
        return `(${Array.from({ length: 12 }, (_, column) => `$${base + column + 1}`).join(',')})`;
      });
      await transaction.query(
        `INSERT INTO audit_records (${recordColumns}) VALUES ${rows.join(',')}`,
        values,
      );
      const last = records[records.length - 1] as AuditRecord;
      await this.writeCheckpoint(transaction, last.seq, last.recordHash, false);
    });
  }

  private async writeCheckpoint(
    transaction: Queryable,
    seq: number,
    recordHash: string,
    force: boolean,
  ): Promise<void> {
    const [latest] = await transaction.query<{ seq: string | null }>(
      'SELECT MAX(seq) AS seq FROM audit_checkpoints',
    );
    const latestSeq = Number(latest?.seq ?? 0);
    if (latestSeq >= seq) return;
    const now = (this.options.now ?? Date.now)();
    const due =
      force ||
      seq - latestSeq >= (this.options.checkpointEvery ?? 1_000) ||
      now - this.lastCheckpointAt >= (this.options.checkpointIntervalMilliseconds ?? 60_000);
    if (!due) return;
    const signature = this.options.signingKey.sign(checkpointMessage({ seq, recordHash, signedAt: now }));
    await transaction.query(
      'INSERT INTO audit_checkpoints (seq, record_hash, signed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5)',
      [seq, recordHash, new Date(now), this.options.signingKey.keyId, signature],
    );
    this.lastCheckpointAt = now;
  }
}
