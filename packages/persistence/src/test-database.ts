// Test databases: PGlite in memory, or a fresh schema on the real PostgreSQL when DATABASE_URL is set.
import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AtsError } from '@ats/core';
import type { Database } from './database.js';
import { migrate } from './migrator.js';
import { PgliteDatabase } from './pglite-database.js';
import { PostgresDatabase } from './postgres-database.js';
import { currentStoreTemplateMarker } from './store-template.js';

export type TestDatabaseKind = 'pglite' | 'postgres';

/** The kinds to run a suite against: always PGlite, and PostgreSQL when DATABASE_URL is set. */
export function testDatabaseKinds(): TestDatabaseKind[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase {
  readonly database: Database;
  /** The URL and schema of a PostgreSQL test database, for a second process to join it. */
  readonly url?: string;
  readonly schema?: string;
  dispose(): Promise<void>;
}

/**
 * The archive of a migrated, empty PGlite store, shared by the test processes through a file named by
 * the PGlite version and the migrations' checksums (a changed migration makes a new one). Why: a new
 * in-memory PGlite runs initdb, about 2 s of cpu, and the migrations 0.3 s more, for each test that
 * opens one; a copy of the archive opens in about 0.7 s.
 */
const migratedArchiveFile = join(
  tmpdir(),
  `ats-test-pglite-${createHash('sha256').update(JSON.stringify(currentStoreTemplateMarker())).digest('hex').slice(0, 16)}.tar`,
);
let migratedArchive: Promise<Blob | null> | null = null;

function readMigratedArchive(): Promise<Blob | null> {
  migratedArchive ??= readFile(migratedArchiveFile).then(
    (bytes) => new Blob([bytes]),
    () => null,
  );
  return migratedArchive;
}

/** A migrated, empty in-memory PGlite: a copy of the shared archive, or made and archived when there is none. */
async function openMigratedPglite(): Promise<PgliteDatabase> {
  const archive = await readMigratedArchive();
  if (archive) {
    try {
      return await PgliteDatabase.openCopy(archive);
    } catch {
      // An unreadable archive (a write cut short by a full disk) is replaced below.
    }
  }
  const database = await PgliteDatabase.open();
  await migrate(database);
  const made = await database.snapshot();
  migratedArchive = Promise.resolve(made);
  // Written aside and renamed, so a process reading the file never sees half of it.
  const partial = `${migratedArchiveFile}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(partial, Buffer.from(await made.arrayBuffer()))
    .then(() => rename(partial, migratedArchiveFile))
    .catch(() => rm(partial, { force: true }));
  return database;
}

/**
 * A migrated, empty database. On PostgreSQL each test database is its own schema in the shared
 * server (test files run in parallel processes), dropped by `dispose`. When CI=true an unreachable
 * server fails the test rather than skipping it.
 */
export async function openTestDatabase(kind: TestDatabaseKind = 'pglite'): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await openMigratedPglite();
    return { database, dispose: () => database.close() };
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new AtsError('CONFIG_INVALID', 'DATABASE_URL is not set; the PostgreSQL suite cannot run');
  const schema = `ats_test_${randomBytes(6).toString('hex')}`;
  const admin = await PostgresDatabase.open({ url, maxConnections: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const database = await PostgresDatabase.open({ url, schema, maxConnections: 4 });
  await migrate(database);
  return {
    database,
    url,
    schema,
    async dispose() {
      await database.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}
