// `ats backup` and `ats restore` on an embedded store: backups under the data directory, named by the store, pruned by retention, restored into a new folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.cjs', import.meta.url));

/** The built persistence package, loaded by path: the command line's own dependencies stop at @ats/services. */
interface Store {
  query(sql: string): Promise<unknown[]>;
  close(): Promise<void>;
}
const persistence = (await import(
  fileURLToPath(new URL('../../../packages/persistence/dist/index.js', import.meta.url))
)) as {
  PgliteDatabase: { open(directory: string): Promise<Store> };
  migrate(database: Store): Promise<void>;
};
const { PgliteDatabase, migrate } = persistence;

describe('ats backup and ats restore', () => {
  it('backs the store up under the data directory and restores it into a new folder', async () => {
    const dataDirectory = mkdtempSync(join(tmpdir(), 'ats-cli-backup-'));
    const store = await PgliteDatabase.open(join(dataDirectory, 'pglite'));
    await migrate(store);
    await store.close();
    // Run from another working directory: the backups must not land there.
    const elsewhere = mkdtempSync(join(tmpdir(), 'ats-cli-cwd-'));
    const ats = (...args: string[]) =>
      spawnSync(process.execPath, [main, ...args], {
        encoding: 'utf8',
        cwd: elsewhere,
        env: { ...process.env, ATS_DATA_DIR: dataDirectory, DATABASE_URL: '', REDIS_URL: '' },
      });

    expect(ats('backup').status).toBe(0);
    const second = ats('backup', '--retention', '1');
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('removed 1 older backup');
    const files = readdirSync(join(dataDirectory, 'backups'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^pglite-ats-cli-backup-[a-z0-9-]+--\d{8}T\d{9}Z\.tar\.gz$/);
    expect(readdirSync(elsewhere)).toEqual([]);

    const refused = ats('backup', '--retention', '0');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('--retention');

    const target = join(dataDirectory, 'restored');
    const restored = ats('restore', join(dataDirectory, 'backups', files[0] as string), '--into', target);
    expect(restored.status, restored.stderr).toBe(0);
    const copy = await PgliteDatabase.open(target);
    const migrations = await copy.query('SELECT version FROM schema_migrations');
    expect(migrations.length).toBeGreaterThan(0);
    await copy.close();
  }, 90_000);
});
