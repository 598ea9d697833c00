// A whole PostgreSQL database of a test's own on a shared server (DATABASE_URL's), for tests whose
// processes migrate it and use it as theirs (@ats/persistence's openTestDatabase gives a schema):
// created under a random name, so no other test's rows are seen, and dropped with its connections.
import { randomBytes } from 'node:crypto';
import { PostgresDatabase } from '@ats/persistence';

export interface FreshDatabase {
  /** The database's name (some tests name their deployment after it, for a Redis prefix of its own). */
  readonly name: string;
  /** The server's URL with this database's name as its path. */
  readonly url: string;
  /** Drops the database, closing whatever connections it still has, and the admin connection. */
  drop(): Promise<void>;
}

export async function createFreshDatabase(serverUrl: string, prefix = 'ats_it'): Promise<FreshDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = await PostgresDatabase.open({ url: serverUrl, maxConnections: 1 });
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.close();
      }
    },
  };
}
