// The embedded store: PGlite (PostgreSQL compiled to WebAssembly), in memory or persisted in a folder.
import { mkdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, Queryable, Row } from './database.js';
import { databaseError } from './database-errors.js';
import { pgliteStartParameters } from './pglite-settings.js';
import { acquireProcessLock, type ProcessLock } from './process-lock.js';
import { pgliteIdentity } from './store-identity.js';
import { seedFromStoreTemplate } from './store-template.js';

/**
 * The lock file of a store folder, beside it rather than inside it, so a backup archive of the folder
 * never carries a lock. PGlite has no lock of its own: two processes on one folder both run and
 * overwrite each other's pages, which silently lost the first one's trades.
 */
export function storeLockFile(directory: string): string {
  return `${resolve(directory)}.lock`;
}

/** Takes the folder for this process, or throws RESOURCE_LOCKED naming the folder and the holder's pid. */
function lockStore(directory: string): ProcessLock {
  return acquireProcessLock(storeLockFile(directory), `the embedded store ${resolve(directory)}`);
}

/** PGlite serves one connection; statements queue on it, which also serializes transactions. */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;

  readonly identity: string;

  private constructor(
    private readonly client: PGlite,
    private readonly lock: ProcessLock | null,
    directory?: string,
  ) {
    this.identity = pgliteIdentity(directory);
  }

  /**
   * Opens the store in `directory` (created if absent), or in memory when undefined. A folder is
   * owned by one process at a time: a second open while the first holder lives is refused.
   */
  static async open(directory?: string): Promise<PgliteDatabase> {
    if (!directory) {
      const client = new PGlite({ startParams: pgliteStartParameters() });
      await client.waitReady;
      return new PgliteDatabase(client, null);
    }
    mkdirSync(directory, { recursive: true });
    const lock = lockStore(directory);
    try {
      // A new folder starts as a copy of the template made at install, when there is one.
      seedFromStoreTemplate(directory);
      const client = new PGlite(directory, { startParams: pgliteStartParameters() });
      await client.waitReady;
      return new PgliteDatabase(client, lock, directory);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  async query<T extends Row = Row>(sql: string, parameters: readonly unknown[] = []): Promise<T[]> {
    try {
      const result = await this.client.query<T>(sql, parameters as unknown[]);
      return result.rows;
    } catch (error) {
      throw databaseError(error, sql);
    }
  }

  async execute(sql: string): Promise<void> {
    try {
      await this.client.exec(sql);
    } catch (error) {
      throw databaseError(error, sql);
    }
  }

  async transaction<T>(work: (transaction: Queryable) => Promise<T>): Promise<T> {
    return this.client.transaction(async (transaction: Transaction) =>
      work({
        async query<R extends Row = Row>(sql: string, parameters: readonly unknown[] = []) {
          try {
            return (await transaction.query<R>(sql, parameters as unknown[])).rows;
          } catch (error) {
            throw databaseError(error, sql);
          }
        },
      }),
    );
  }

  async copyRows(
    table: string,
    columns: readonly string[],
    rows: readonly (readonly (string | null)[])[],
  ): Promise<void> {
    // Multi-row INSERT in chunks: one round trip per chunk, parameters bounded well below 65,535.
    const chunk = Math.max(1, Math.floor(30_000 / columns.length));
    for (let start = 0; start < rows.length; start += chunk) {
      const slice = rows.slice(start, start + chunk);
      const parameters: (string | null)[] = [];
      const tuples = slice.map((row) => {
        const placeholders = row.map((value) => {
          parameters.push(value);
          return `$${parameters.length}`;
        });
        return `(${placeholders.join(',')})`;
      });
      await this.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${tuples.join(',')}`, parameters);
    }
  }

  async copyText(table: string, columns: readonly string[], text: string | Uint8Array): Promise<void> {
    if (text.length === 0) return;
    const statement = `COPY ${table} (${columns.join(',')}) FROM '/dev/blob'`;
    try {
      await this.client.query(statement, [], {
        blob: typeof text === 'string' ? new Blob([text]) : new Blob([new Uint8Array(text)]),
      });
    } catch (error) {
      throw databaseError(error, statement);
    }
  }

  async backup(path: string): Promise<string> {
    // dumpDataDir runs inside PGlite's single connection queue, so the copy is consistent.
    const archive = await this.client.dumpDataDir('gzip');
    const file = path.endsWith('.tar.gz') ? path : `${path}.tar.gz`;
    await writeFile(file, Buffer.from(await archive.arrayBuffer()));
    return file;
  }

  /** The store as an uncompressed archive in memory, to open copies of it with `openCopy`. */
  async snapshot(): Promise<Blob> {
    return this.client.dumpDataDir('none');
  }

  /**
   * An in-memory store that starts as a copy of a `snapshot` (or of a backup's archive). Why: a new
   * in-memory store runs initdb, about 2 s of cpu; loading an archive takes about a third of that.
   */
  static async openCopy(archive: Blob): Promise<PgliteDatabase> {
    const client = new PGlite({ loadDataDir: archive, startParams: pgliteStartParameters() });
    await client.waitReady;
    return new PgliteDatabase(client, null);
  }

  /** Opens a store from a backup made by `backup` (the restore path), in memory or in `directory`. */
  static async restore(file: string, directory?: string): Promise<PgliteDatabase> {
    const archive = new Blob([await readFile(file)]);
    if (!directory) return PgliteDatabase.openCopy(archive);
    mkdirSync(directory, { recursive: true });
    const lock = lockStore(directory);
    try {
      const client = new PGlite(directory, { loadDataDir: archive, startParams: pgliteStartParameters() });
      await client.waitReady;
      return new PgliteDatabase(client, lock, directory);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  async close(): Promise<void> {
    try {
      await this.client.close();
    } finally {
      this.lock?.release();
    }
  }
}
