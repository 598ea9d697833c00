// The audit chain on PGlite and PostgreSQL: appended in batches, verified, refused changes, a tampered
// row named, truncation caught by a checkpoint, retention cutting only whole checkpointed prefixes.
import { generateKeyPairSync } from 'node:crypto';
import { openTestDatabase, type TestDatabase, testDatabaseKinds } from '@ats/persistence';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from './audit-chain-verifier.js';
import { AuditLogWriter } from './audit-log-writer.js';
import type { AuditEntry } from './audit-record.js';
import { applyAuditRetention } from './audit-retention.js';
import { searchAuditLog } from './audit-search.js';
import { signingKeyOf } from './audit-signing-key.js';

const key = signingKeyOf(generateKeyPairSync('ed25519').privateKey);
const otherKey = signingKeyOf(generateKeyPairSync('ed25519').privateKey);

function entry(index: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    occurredAt: Date.UTC(2026, 0, 1) + index * 60_000,
    actor: { kind: 'user', id: index % 2 === 0 ? 'alice' : 'bob', role: 'trader' },
    action: index % 3 === 0 ? 'http.POST' : 'order.OrderFilled',
    object: `object-${index}`,
    source: '127.0.0.1',
    outcome: 'success',
    detail: { index, note: 'ünïcode and "quotes"' },
    ...overrides,
  };
}

/** Disables the refusing triggers as a superuser (or the table owner) could, runs `work`, re-enables them. */
async function asSuperuser(test: TestDatabase, work: () => Promise<unknown>): Promise<void> {
  await test.database.query('ALTER TABLE audit_records DISABLE TRIGGER USER');
  await test.database.query('ALTER TABLE audit_checkpoints DISABLE TRIGGER USER');
  try {
    await work();
  } finally {
    await test.database.query('ALTER TABLE audit_records ENABLE TRIGGER USER');
    await test.database.query('ALTER TABLE audit_checkpoints ENABLE TRIGGER USER');
  }
}

describe.each(testDatabaseKinds())('the audit chain on %s', (kind) => {
  let test: TestDatabase | null = null;
  afterEach(async () => {
    await test?.dispose();
    test = null;
  });

  async function writtenLog(
    count: number,
    checkpointEvery = 10,
  ): Promise<{ test: TestDatabase; writer: AuditLogWriter }> {
    test = await openTestDatabase(kind);
    const writer = new AuditLogWriter({
      database: test.database,
      signingKey: key,
      checkpointEvery,
      checkpointIntervalMilliseconds: 3_600_000,
      maxBatch: 7,
    });
    for (let index = 1; index <= count; index++) writer.record(entry(index));
    await writer.flush();
    return { test, writer };
  }

  it('appends entries in order with gapless sequence numbers, and the whole chain verifies', async () => {
    const { test } = await writtenLog(40);
    const report = await verifyAuditChain(test.database, key);
    expect(report).toMatchObject({ ok: true, recordsChecked: 40, firstSeq: 1, lastSeq: 40, problem: null });
    expect(report.checkpointsVerified).toBeGreaterThanOrEqual(3);
    const [found] = await searchAuditLog(test.database, { actor: 'alice', action: 'order.*', limit: 1 });
    expect(found).toMatchObject({ actorId: 'alice', action: 'order.OrderFilled', seq: 40 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit tables', async () => {
    const { test } = await writtenLog(5);
    await expect(test.database.query("UPDATE audit_records SET outcome = 'x' WHERE seq = 2")).rejects.toThrow(
      /append-only/,
    );
    await expect(test.database.query('DELETE FROM audit_records WHERE seq = 5')).rejects.toThrow(
      /append-only/,
    );
    await expect(test.database.query('TRUNCATE audit_records')).rejects.toThrow(/append-only/);
    await expect(test.database.query('DELETE FROM audit_checkpoints')).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(test.database, key)).ok).toBe(true);
  });

  it('names the one row a superuser altered with the triggers disabled', async () => {
    const { test } = await writtenLog(30);
    await asSuperuser(test, () =>
      test.database.query(`UPDATE audit_records SET actor_id = 'mallory' WHERE seq = 17`),
    );
    const report = await verifyAuditChain(test.database, key);
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ seq: 17 });
    expect(report.problem?.reason).toMatch(/altered/);
  });

  it('names a deleted record in the middle of the chain', async () => {
    const { test } = await writtenLog(20);
    await asSuperuser(test, () => test.database.query('DELETE FROM audit_records WHERE seq = 9'));
    expect((await verifyAuditChain(test.database, key)).problem).toMatchObject({ seq: 9 });
  });

  it('detects a truncated tail through the last signed checkpoint', async () => {
    // Batches of 7 with a checkpoint due every 10 records: checkpoints sign records 7 and 21.
    const { test } = await writtenLog(30, 10);
    await asSuperuser(test, () => test.database.query('DELETE FROM audit_records WHERE seq > 18'));
    const report = await verifyAuditChain(test.database, key);
    expect(report.ok).toBe(false);
    expect(report.problem?.seq).toBe(19);
    expect(report.problem?.reason).toMatch(/truncated.*checkpoint signed record 21/);
  });

  it('refuses checkpoints signed by another key', async () => {
    const { test } = await writtenLog(12);
    const report = await verifyAuditChain(test.database, otherKey);
    expect(report.ok).toBe(false);
    expect(report.problem?.reason).toMatch(/not the audit key/);
  });

  it('retention removes only a whole prefix ending at a checkpoint, records the cut, and the rest verifies', async () => {
    const { test, writer } = await writtenLog(35, 10);
    // Everything older than 20 minutes after the first record: the newest checkpoint before that cuts.
    const outcome = await applyAuditRetention({
      database: test.database,
      retentionMilliseconds: 60_000 * 10,
      now: Date.UTC(2026, 0, 1) + 25 * 60_000,
      recorder: writer,
    });
    expect(outcome.throughSeq).not.toBeNull();
    const through = outcome.throughSeq as number;
    expect(outcome.removed).toBe(through);
    await writer.flush();
    const report = await verifyAuditChain(test.database, key);
    expect(report).toMatchObject({ ok: true, firstSeq: through + 1, lastSeq: 36 });
    const [cut] = await searchAuditLog(test.database, { action: 'audit.retention_cut' });
    expect(cut?.detail).toContain(`"throughSeq":${through}`);
    // A cut that does not end at a checkpoint is refused by the database itself.
    await expect(test.database.query('SELECT audit_retention_cut($1)', [through + 2])).rejects.toThrow(
      /no checkpoint|not a checkpointed record/,
    );
    await expect(test.database.query(`DELETE FROM audit_records WHERE seq = ${through + 1}`)).rejects.toThrow(
      /append-only/,
    );
  });

  it('names a removed prefix that no retention cut accounts for', async () => {
    const { test } = await writtenLog(10);
    await asSuperuser(test, () => test.database.query('DELETE FROM audit_records WHERE seq <= 3'));
    const report = await verifyAuditChain(test.database, key);
    expect(report.problem).toMatchObject({ seq: 1 });
    expect(report.problem?.reason).toMatch(/no retention cut/);
  });
});
