// Names a store for its backup files: which embedded folder or which PostgreSQL database and schema, in file-name-safe text.
import { createHash, randomBytes } from 'node:crypto';
import { basename, dirname, resolve } from 'node:path';

/** Lower-case letters, digits and '-' only, so the identity is safe in a file name and in a pattern. */
function safe(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'store'
  );
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/**
 * An embedded store: its folder's name (or its data directory's) and a hash of its absolute path (two folders of one name are
 * two stores); a store in memory gets a random identity.
 */
export function pgliteIdentity(directory?: string): string {
  if (!directory) return `pglite-memory-${randomBytes(4).toString('hex')}`;
  const path = resolve(directory);
  // The folder is usually `<data directory>/pglite`: the data directory's name says more.
  const name = basename(path) === 'pglite' ? basename(dirname(path)) : basename(path);
  return `pglite-${safe(name)}-${shortHash(path)}`;
}

/**
 * A PostgreSQL store: the database name, the schema when one is set, and a hash of the server, the
 * database and the schema (the same database name on two servers is two stores). The password is
 * not part of what is hashed.
 */
export function postgresIdentity(url: string, schema?: string): string {
  let server = url;
  let database = 'postgres';
  try {
    const parsed = new URL(url);
    database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || parsed.username || 'postgres';
    server = `${parsed.hostname}:${parsed.port || '5432'}`;
  } catch {
    // Not a URL (a libpq connection string): hash it whole.
  }
  const name = schema ? `${database}-${schema}` : database;
  return `postgres-${safe(name)}-${shortHash(`${server}/${database}/${schema ?? ''}`)}`;
}
