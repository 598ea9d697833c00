// PostgreSQL through a pg connection pool, with COPY FROM STDIN for bulk loads.

import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AtsError } from '@ats/core';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyValue } from './copy/copy-text.js';
import type { Database, Queryable, Row } from './database.js';
import { databaseError } from './database-errors.js';
import { pgClientInvocation } from './pg-client-invocation.js';
import { postgresIdentity } from './store-identity.js';

export interface PostgresOptions {
  readonly url: string;
  readonly maxConnections?: number;
  readonly connectionTimeoutMilliseconds?: number;
  /** A schema to put first on every connection's search_path (test isolation). */
  readonly schema?: string;
}

export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  readonly identity: string;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    private readonly schema: string | undefined,
  ) {
    this.identity = postgresIdentity(url, schema);
  }

  static async open(options: PostgresOptions): Promise<PostgresDatabase> {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMilliseconds ?? 30_000,
      ...(options.schema ? { options: `-c search_path=${options.schema},public` } : {}),
    });
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    const database = new PostgresDatabase(pool, options.url, options.schema);
    await database.query('SELECT 1');
    return database;
  }

  async query<T extends Row = Row>(sql: string, parameters: readonly unknown[] = []): Promise<T[]> {
    try {
      const result = await this.pool.query<T>(sql, parameters as unknown[]);
      return result.rows;
    } catch (error) {
      throw databaseError(error, sql);
    }
  }

  async execute(sql: string): Promise<void> {
    await this.query(sql);
  }

  async transaction<T>(work: (transaction: Queryable) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw databaseError(error, 'BEGIN');
    }
    const lost = watchConnection(client);
    try {
      await client.query('BEGIN').catch((error: unknown) => {
        throw databaseError(error, 'BEGIN');
      });
      const result = await work({
        async query<R extends Row = Row>(sql: string, parameters: readonly unknown[] = []) {
          try {
            return (await client.query<R>(sql, parameters as unknown[])).rows;
          } catch (error) {
            throw databaseError(error, sql);
          }
        },
      });
      // A failed COMMIT (a full disk, a lost connection) is the database's failure like any statement's:
      // typed, so a retryable one is retried by its caller instead of dead-lettered as a bug (a raw
      // driver error here made a signal's assessment fail for good during `ats chaos`'s full disk).
      await client.query('COMMIT').catch((error: unknown) => {
        throw databaseError(error, 'COMMIT');
      });
      return result;
    } catch (error) {
      if (lost.error === null) await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      lost.release();
    }
  }

  async copyRows(
    table: string,
    columns: readonly string[],
    rows: readonly (readonly (string | null)[])[],
  ): Promise<void> {
    if (rows.length === 0) return;
    let text = '';
    for (const row of rows) {
      let line = '';
      for (let index = 0; index < row.length; index++) {
        if (index > 0) line += '\t';
        line += copyValue(row[index] ?? null);
      }
      text += `${line}\n`;
    }
    await this.copyText(table, columns, text);
  }

  async copyText(table: string, columns: readonly string[], text: string | Uint8Array): Promise<void> {
    if (text.length === 0) return;
    const statement = `COPY ${table} (${columns.join(',')}) FROM STDIN`;
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw databaseError(error, statement);
    }
    const lost = watchConnection(client);
    try {
      const bytes =
        typeof text === 'string'
          ? Buffer.from(text, 'utf8')
          : Buffer.from(text.buffer, text.byteOffset, text.byteLength);
      await pipeline(Readable.from([bytes]), client.query(copyFrom(statement)));
    } catch (error) {
      throw databaseError(error, statement);
    } finally {
      lost.release();
    }
  }

  async backup(path: string): Promise<string> {
    const file = path.endsWith('.dump') ? path : `${path}.dump`;
    const invocation = pgClientInvocation(this.url);
    const args = [
      '--format=custom',
      `--file=${file}`,
      ...(this.schema ? [`--schema=${this.schema}`] : []),
      invocation.url,
    ];
    await new Promise<void>((resolve, reject) => {
      const child = spawn('pg_dump', args, { stdio: ['ignore', 'ignore', 'pipe'], env: invocation.env });
      let errors = '';
      child.stderr.on('data', (chunk) => {
        errors += String(chunk);
      });
      child.on('error', (error) =>
        reject(
          new AtsError(
            'DATABASE_UNAVAILABLE',
            `pg_dump could not start (is the PostgreSQL client installed?): ${error.message}`,
            { cause: error },
          ),
        ),
      );
      child.on('exit', (code) =>
        code === 0
          ? resolve()
          : reject(new AtsError('DATABASE_QUERY_FAILED', `pg_dump exited with ${code}: ${errors.trim()}`)),
      );
    });
    return file;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * Listens for the loss of a client taken from the pool. The pool listens to its idle clients only: a
 * connection that ends while a transaction holds it between statements (the caller's code running)
 * raised the driver's 'error' event with no listener, an uncaught exception that ended the process.
 * Now the loss is kept (the next statement fails with the driver's own error, typed as unavailable)
 * and `release` hands a lost connection back to be destroyed, not reused.
 */
function watchConnection(client: pg.PoolClient): { error: Error | null; release(): void } {
  const watch = {
    error: null as Error | null,
    release(): void {
      client.off('error', onError);
      client.release(watch.error ?? undefined);
    },
  };
  const onError = (error: Error) => {
    watch.error = error;
  };
  client.on('error', onError);
  return watch;
}
