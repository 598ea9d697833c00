// Backups carry their store's identity and a unique time, retention counts only that store's files and is at least 1, and they live under the data directory.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase, testDatabaseKinds } from '@ats/persistence';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { backupDirectoryOf } from '../wiring/config-mapping.js';
import { backUpDatabase, backupFilesOf, backupRetentionOf } from './database-backups.js';

describe.each(testDatabaseKinds())('database backups on %s', (kind) => {
  it('names each backup by the store and a unique time, and prunes only that store own files', async () => {
    const test = await openTestDatabase(kind);
    const folder = mkdtempSync(join(tmpdir(), 'ats-backups-'));
    // Another store's backups and an unrelated file share the folder.
    const strangers = [
      'pglite-other-0badc0de--20260101T000000000Z.tar.gz',
      'postgres-ats-12345678--20260101T000000000Z.dump',
      'ats-2026-11-24.tar.gz',
      'notes.txt',
    ];
    for (const name of strangers) writeFileSync(join(folder, name), 'not ours');
    const at = Date.UTC(2026, 10, 30, 2, 35, 12, 345);
    const first = await backUpDatabase({ database: test.database, folder, retention: 2, now: at });
    // The same millisecond again (a manual run beside the scheduled one): a second file, not an overwrite.
    const second = await backUpDatabase({ database: test.database, folder, retention: 2, now: at });
    expect(first.file).not.toBe(second.file);
    expect(first.file).toContain(`${test.database.identity}--20261130T023512345Z`);
    expect(backupFilesOf(folder, test.database.identity)).toHaveLength(2);

    const third = await backUpDatabase({ database: test.database, folder, retention: 2, now: at + 1 });
    expect(third.removed).toEqual([first.file.slice(folder.length + 1)]);
    expect(third.kept).toBe(2);
    const names = readdirSync(folder).sort();
    expect(names).toEqual(
      [...strangers, second.file.slice(folder.length + 1), third.file.slice(folder.length + 1)].sort(),
    );
    await test.dispose();
  }, 60_000);
});

describe('backup options and folder', () => {
  it('refuses a retention below 1 (or not a whole number) before anything is written or deleted', async () => {
    for (const retention of [0, -1, 1.5, '3', Number.POSITIVE_INFINITY, 1e308])
      expect(() => backupRetentionOf({ retention }), String(retention)).toThrow(/retention/);
    expect(backupRetentionOf({})).toBe(7);
    expect(backupRetentionOf({ retention: 1 })).toBe(1);
    const test = await openTestDatabase('pglite');
    const folder = mkdtempSync(join(tmpdir(), 'ats-backups-'));
    writeFileSync(join(folder, `${test.database.identity}--20260101T000000000Z.tar.gz`), 'old');
    await expect(backUpDatabase({ database: test.database, folder, retention: 0, now: 0 })).rejects.toThrow(
      /retention/,
    );
    expect(readdirSync(folder)).toHaveLength(1);
    await test.dispose();
  });

  it('puts backups under the data directory, not the working directory', () => {
    const directory = mkdtempSync(join(tmpdir(), 'ats-config-'));
    const config = loadConfig({ directory, env: { ATS_DATA_DIR: '/srv/ats-data' } });
    expect(backupDirectoryOf(config)).toBe('/srv/ats-data/backups');
    expect(backupDirectoryOf(loadConfig({ directory, env: {} }))).toBe('.ats-data/backups');
    const chosen = loadConfig({ directory, env: {}, overrides: { backups: { directory: '/mnt/backups' } } });
    expect(backupDirectoryOf(chosen)).toBe('/mnt/backups');
  });
});
