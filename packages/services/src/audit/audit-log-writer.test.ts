// The chain writer: a durable record resolves only once stored; a failed batch stays queued, in order,
// and is stored by a later attempt; non-owner roles cannot change the log (PostgreSQL privileges).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { type Database, openTestDatabase, PostgresDatabase } from '@ats/persistence';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from './audit-chain-verifier.js';
import { AuditLogWriter } from './audit-log-writer.js';
import type { AuditEntry } from './audit-record.js';
import { signingKeyOf } from './audit-signing-key.js';

const key = signingKeyOf(generateKeyPairSync('ed25519').privateKey);
const entry = (index: number): AuditEntry => ({
  occurredAt: Date.UTC(2026, 4, 1) + index,
  actor: { kind: 'service', id: 'trade-executor' },
  action: 'order.OrderFilled',
  object: `order-${index}`,
  outcome: 'success',
});

describe('the audit chain writer', () => {
  it('resolves a durable record only after its batch is committed', async () => {
    const test = await openTestDatabase('pglite');
    try {
      const writer = new AuditLogWriter({ database: test.database, signingKey: key });
      const stored: number[] = [];
      const durable = [1, 2, 3].map((index) =>
        writer.recordDurably(entry(index)).then(async () => {
          const [row] = await test.database.query<{ count: string }>(
            'SELECT COUNT(*) AS count FROM audit_records',
          );
          stored.push(Number(row?.count));
        }),
      );
      await Promise.all(durable);
      expect(stored.every((count) => count >= 3)).toBe(true);
      await writer.close();
    } finally {
      await test.dispose();
    }
  });

  it('stores an entry holding NUL characters instead of failing its batch forever', async () => {
    const test = await openTestDatabase('pglite');
    try {
      const writer = new AuditLogWriter({ database: test.database, signingKey: key });
      writer.record({ ...entry(1), object: '/api/x\u0000y', actor: { kind: 'user', id: 'a\u0000b' } });
      await writer.flush();
      const [row] = await test.database.query<{ object: string }>('SELECT object FROM audit_records');
      expect(row?.object).toBe('/api/x\uFFFDy');
      expect((await verifyAuditChain(test.database, key)).ok).toBe(true);
      await writer.close();
    } finally {
      await test.dispose();
    }
  });

  it('keeps a failed batch queued, reports it, and stores it in order once the database answers', async () => {
    const test = await openTestDatabase('pglite');
    try {
      let failures = 2;
      const flaky: Database = Object.assign(Object.create(test.database) as Database, {
        transaction: <T>(work: Parameters<Database['transaction']>[0]) => {
          if (failures-- > 0) return Promise.reject(new Error('connection reset'));
          return test.database.transaction(work as never) as Promise<T>;
        },
      });
      const errors: unknown[] = [];
      const writer = new AuditLogWriter({
        database: flaky,
        signingKey: key,
        retryMilliseconds: 20,
        onError: (error) => errors.push(error),
      });
      for (let index = 1; index <= 5; index++) writer.record(entry(index));
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(writer.failuresInRow).toBeGreaterThan(0);
      expect(writer.pending).toBe(5);
      const deadline = Date.now() + 10_000;
      while (writer.pending > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(writer.pending).toBe(0);
      expect(writer.failuresInRow).toBe(0);
      expect(errors).toHaveLength(2);
      const rows = await test.database.query<{ object: string }>(
        'SELECT object FROM audit_records ORDER BY seq',
      );
      expect(rows.map((row) => row.object)).toEqual(['order-1', 'order-2', 'order-3', 'order-4', 'order-5']);
      expect((await verifyAuditChain(test.database, key)).ok).toBe(true);
    } finally {
      await test.dispose();
    }
  });

  it.runIf(process.env.DATABASE_URL)(
    'refuses changes to a non-owner role: by trigger when granted, by privilege when not',
    async () => {
      const test = await openTestDatabase('postgres');
      const role = `ats_audit_reader_${randomBytes(4).toString('hex')}`;
      const admin = await PostgresDatabase.open({
        url: process.env.DATABASE_URL as string,
        maxConnections: 1,
      });
      try {
        const writer = new AuditLogWriter({ database: test.database, signingKey: key });
        writer.record(entry(1));
        await writer.close();
        await admin.query(`CREATE ROLE ${role} NOLOGIN`);
        await admin.query(`GRANT USAGE ON SCHEMA ${test.schema} TO ${role}`);
        // A role granted everything on the schema's tables is still refused by the triggers.
        await admin.query(`GRANT ALL ON ALL TABLES IN SCHEMA ${test.schema} TO ${role}`);
        const asRole = (sql: string) =>
          test.database.transaction(async (transaction) => {
            await transaction.query(`SET LOCAL ROLE ${role}`);
            return transaction.query(sql);
          });
        expect(await asRole('SELECT seq FROM audit_records')).toHaveLength(1);
        await expect(asRole("UPDATE audit_records SET outcome = 'x'")).rejects.toThrow(/append-only/);
        await expect(asRole('DELETE FROM audit_records')).rejects.toThrow(/append-only/);
        // The recommended grant for application roles: read and append only; changes fail on privileges.
        await admin.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${test.schema} FROM ${role}`);
        await admin.query(`GRANT SELECT, INSERT ON ${test.schema}.audit_records TO ${role}`);
        expect(await asRole('SELECT seq FROM audit_records')).toHaveLength(1);
        await expect(asRole("UPDATE audit_records SET outcome = 'x'")).rejects.toThrow(/permission denied/);
        await expect(asRole('DELETE FROM audit_records')).rejects.toThrow(/permission denied/);
        await expect(asRole('TRUNCATE audit_records')).rejects.toThrow(/permission denied|append-only/);
      } finally {
        await test.dispose();
        await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => {});
        await admin.close();
      }
    },
  );
});
