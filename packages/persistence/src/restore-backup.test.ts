// Each kind of backup restores: a PGlite archive into a new store folder, a pg_dump file into a fresh PostgreSQL database, with every row compared.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AccountId, Money } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { createRepositories } from './create-repositories.js';
import type { Queryable } from './database.js';
import { PgliteDatabase } from './pglite-database.js';
import { PostgresDatabase } from './postgres-database.js';
import { restoreBackup } from './restore-backup.js';
import { openTestDatabase } from './test-database.js';

/** The rows that must survive, in a stable order. */
async function contentOf(database: Queryable): Promise<unknown[]> {
  return [
    await database.query('SELECT account_id, starting_cash::text AS cash FROM accounts ORDER BY account_id'),
    await database.query('SELECT version, checksum FROM schema_migrations ORDER BY version'),
    await database.query('SELECT id, kind, trigger::text AS trigger FROM scheduler_jobs ORDER BY id'),
  ];
}

async function fill(database: Queryable & Parameters<typeof createRepositories>[0]): Promise<void> {
  const repositories = createRepositories(database);
  await repositories.portfolio.ensureAccount('alpha' as AccountId, Money.of('123.4567'), 0);
  await repositories.portfolio.ensureAccount('beta' as AccountId, Money.of('98765.4321'), 0);
  await database.query(
    `INSERT INTO scheduler_jobs (id, kind, trigger, options, paused, priority)
     VALUES ('nightly', 'database-backup', '{"type":"cron","expression":"0 1 * * *"}', '{"retention":3}', false, 0)`,
  );
}

describe('restoring backups', () => {
  it('restores a PGlite archive into a new folder with the same rows', async () => {
    const test = await openTestDatabase('pglite');
    await fill(test.database);
    const folder = mkdtempSync(join(tmpdir(), 'ats-restore-'));
    const file = await test.database.backup(join(folder, 'store'));
    const target = join(folder, 'restored');
    await restoreBackup(file, { kind: 'pglite', directory: target });
    const restored = await PgliteDatabase.open(target);
    expect(await contentOf(restored)).toEqual(await contentOf(test.database));
    expect((await contentOf(restored))[0]).toHaveLength(2);
    await restored.close();
    await test.dispose();
  }, 60_000);

  it('refuses to restore over a folder that already holds something', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ats-restore-'));
    const archive = join(folder, 'store.tar.gz');
    writeFileSync(archive, 'x');
    const occupied = join(folder, 'occupied');
    mkdirSync(occupied);
    writeFileSync(join(occupied, 'PG_VERSION'), '17');
    await expect(restoreBackup(archive, { kind: 'pglite', directory: occupied })).rejects.toThrow(
      /not empty/,
    );
  });

  it.runIf(process.env.DATABASE_URL)(
    'restores a pg_dump file into a fresh database with pg_restore, with the same rows',
    async () => {
      const test = await openTestDatabase('postgres');
      await fill(test.database);
      const folder = mkdtempSync(join(tmpdir(), 'ats-restore-'));
      const file = await test.database.backup(join(folder, 'store'));
      const name = `ats_restore_${randomBytes(5).toString('hex')}`;
      const admin = await PostgresDatabase.open({ url: test.url as string, maxConnections: 1 });
      await admin.query(`CREATE DATABASE ${name}`);
      try {
        const url = new URL(test.url as string);
        url.pathname = `/${name}`;
        await restoreBackup(file, { kind: 'postgres', url: url.toString() });
        const restored = await PostgresDatabase.open({
          url: url.toString(),
          schema: test.schema as string,
          maxConnections: 1,
        });
        expect(await contentOf(restored)).toEqual(await contentOf(test.database));
        expect((await contentOf(restored))[0]).toHaveLength(2);
        await restored.close();
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.close();
        await test.dispose();
      }
    },
    60_000,
  );
});
