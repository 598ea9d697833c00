// Opens the configured store (PostgreSQL when a URL is given, else the embedded PGlite) and migrates it.
import type { Database } from './database.js';
import { migrate } from './migrator.js';
import { PgliteDatabase } from './pglite-database.js';
import { PostgresDatabase } from './postgres-database.js';

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL; when absent the embedded store is used. */
  readonly url?: string;
  /** The embedded store's folder; absent means in memory. */
  readonly dataDirectory?: string;
  readonly maxConnections?: number;
  readonly connectionTimeoutMilliseconds?: number;
  /** Skip migrations (the caller runs them). */
  readonly skipMigrations?: boolean;
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const database: Database = options.url
    ? await PostgresDatabase.open({
        url: options.url,
        ...(options.maxConnections ? { maxConnections: options.maxConnections } : {}),
        ...(options.connectionTimeoutMilliseconds
          ? { connectionTimeoutMilliseconds: options.connectionTimeoutMilliseconds }
          : {}),
      })
    : await PgliteDatabase.open(options.dataDirectory);
  if (!options.skipMigrations) {
    try {
      await migrate(database);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}
