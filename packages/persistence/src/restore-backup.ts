// Restores a backup made by Database.backup: a PGlite archive into a new store folder, a pg_dump file into a fresh PostgreSQL database.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { AtsError } from '@ats/core';
import { pgClientInvocation } from './pg-client-invocation.js';
import { PgliteDatabase } from './pglite-database.js';

export type RestoreTarget =
  /** A folder that does not exist yet or is empty: the embedded store is unpacked there. */
  | { readonly kind: 'pglite'; readonly directory: string }
  /** A fresh database (no tables yet): pg_restore recreates the schema and its rows there. */
  | { readonly kind: 'postgres'; readonly url: string };

/** Which kind of store a backup file is from, by the extension Database.backup gives it. */
export function backupKindOf(file: string): 'pglite' | 'postgres' {
  if (file.endsWith('.tar.gz')) return 'pglite';
  if (file.endsWith('.dump')) return 'postgres';
  throw new AtsError(
    'INVALID_INPUT',
    `${file}: not a backup (expected a .tar.gz of the embedded store or a .dump of pg_dump)`,
  );
}

export async function restoreBackup(file: string, target: RestoreTarget): Promise<void> {
  if (!existsSync(file)) throw new AtsError('NOT_FOUND', `${file}: no such backup file`);
  const kind = backupKindOf(file);
  if (kind !== target.kind)
    throw new AtsError('INVALID_INPUT', `${file} is a ${kind} backup; it cannot restore into ${target.kind}`);
  if (target.kind === 'pglite') {
    // Restoring over a live or existing store would mix two stores' pages: only into an empty folder.
    if (existsSync(target.directory) && readdirSync(target.directory).length > 0)
      throw new AtsError(
        'CONFLICT',
        `${target.directory} is not empty; restore into a new folder (or move the old store away first)`,
      );
    const database = await PgliteDatabase.restore(file, target.directory);
    await database.close();
    return;
  }
  await runPgRestore(file, target.url);
}

function runPgRestore(file: string, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const invocation = pgClientInvocation(url);
    const child = spawn('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${invocation.url}`, file], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: invocation.env,
    });
    let errors = '';
    child.stderr.on('data', (chunk) => {
      errors += String(chunk);
    });
    child.on('error', (error) =>
      reject(
        new AtsError(
          'DATABASE_UNAVAILABLE',
          `pg_restore could not start (is the PostgreSQL client installed?): ${error.message}`,
          { cause: error },
        ),
      ),
    );
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new AtsError('DATABASE_QUERY_FAILED', `pg_restore exited with ${code}: ${errors.trim()}`)),
    );
  });
}
