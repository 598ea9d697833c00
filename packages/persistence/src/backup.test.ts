// Tests of backups: a consistent copy of the embedded store that restores, and pg_dump on PostgreSQL.
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AccountId, Money } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { createRepositories } from './create-repositories.js';
import { PgliteDatabase } from './pglite-database.js';
import { openTestDatabase, testDatabaseKinds } from './test-database.js';

describe.each(testDatabaseKinds())('backup on %s', (kind) => {
  it('writes a backup file of the database', async () => {
    const test = await openTestDatabase(kind);
    const repositories = createRepositories(test.database);
    await repositories.portfolio.ensureAccount('acct' as AccountId, Money.of('123.4567'), 0);
    const folder = mkdtempSync(join(tmpdir(), 'ats-backup-'));
    const file = await test.database.backup(join(folder, 'ats-2026-11-24'));
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).size).toBeGreaterThan(0);
    if (kind === 'pglite') {
      const restored = await PgliteDatabase.restore(file);
      const account = await createRepositories(restored).portfolio.ensureAccount(
        'acct' as AccountId,
        Money.of('1'),
        0,
      );
      expect(account.startingCash.toString()).toBe('123.4567');
      await restored.close();
    }
    await test.dispose();
  }, 60_000);
});
