// Test databases: PGlite in memory, or a fresh schema on the real PostgreSQL when DATABASE_URL is set.
import { randomBytes } from 'node:crypto';
import { AtsError } from '@ats/core';
import type { Database } from './database.js';
import { migrate } from './migrator.js';
import { PgliteDatabase } from './pglite-database.js';
import { PostgresDatabase } from './postgres-database.js';

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
 * A migrated, empty database. On PostgreSQL each test database is its own schema in the shared
 * server (test files run in parallel processes), dropped by `dispose`. When CI=true an unreachable
 * server fails the test rather than skipping it.
 */
export async function openTestDatabase(kind: TestDatabaseKind = 'pglite'): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await PgliteDatabase.open();
    await migrate(database);
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
