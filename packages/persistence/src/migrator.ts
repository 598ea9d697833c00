// Applies the numbered SQL migrations once each, recording their checksums; refuses a changed migration.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AtsError } from '@ats/core';
import type { Database } from './database.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

const migrationsFolder = fileURLToPath(new URL('../migrations/', import.meta.url));
/** Any number: migrations of concurrent starters serialize on this advisory lock (PostgreSQL). */
const migrationLockKey = 7_315_920_114;

/** Reads `NNN_name.sql` files in version order. */
export function readMigrations(folder = migrationsFolder): Migration[] {
  return readdirSync(folder)
    .filter((file) => /^\d+_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(`${folder}/${file}`, 'utf8');
      const [version, ...rest] = file.replace(/\.sql$/, '').split('_');
      return {
        version: Number(version),
        name: rest.join('_'),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

/**
 * Applies the pending migrations in one transaction; returns the versions applied. On PostgreSQL the
 * transaction first takes an advisory lock, so services starting at once apply each migration once:
 * the second waits, then finds nothing pending.
 */
export async function migrate(database: Database, migrations = readMigrations()): Promise<number[]> {
  await database.execute(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
  )`);
  return database.transaction(async (transaction) => {
    if (database.kind === 'postgres')
      await transaction.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
    const rows = await transaction.query<{ version: number; checksum: string }>(
      'SELECT version, checksum FROM schema_migrations',
    );
    const known = new Map(rows.map((row) => [Number(row.version), row.checksum]));
    const applied: number[] = [];
    for (const migration of migrations) {
      const checksum = known.get(migration.version);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new AtsError(
            'CONFLICT',
            `migration ${migration.version}_${migration.name} was changed after it was applied (checksum differs); add a new migration instead`,
          );
        }
        continue;
      }
      for (const statement of splitStatements(migration.sql)) await transaction.query(statement);
      await transaction.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}

/** Splits a migration file into statements (no semicolons inside strings or bodies in our files). */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.replace(/^\s*--.*$/gm, '').trim())
    .filter((statement) => statement.length > 0);
}
