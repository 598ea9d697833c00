// The embedded store's template: an initialized, migrated PGlite folder made once at install
// (npm's `prepare`), copied into a new store's folder so a first start skips PGlite's initdb.
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMigrations } from './migrator.js';

/**
 * Why: PGlite's initdb runs a second PostgreSQL and the initdb program inside WebAssembly; on a first
 * start it took 50 s and 850 MB resident on a busy two-core machine. Copying a folder made at install
 * takes well under a second, and the node's memory stays that of a resumed store.
 */
export const storeTemplateDirectory = fileURLToPath(new URL('../.store-template/', import.meta.url));
export const storeTemplateDataFolder = join(storeTemplateDirectory, 'pgdata');
export const storeTemplateMarkerFile = join(storeTemplateDirectory, 'template.json');

export interface StoreTemplateMarker {
  /** The PGlite version that made the folder: another version may not read it. */
  readonly pglite: string;
  /** The migrations applied in the template, each with its checksum. */
  readonly migrations: readonly { readonly version: number; readonly checksum: string }[];
}

/** The installed PGlite's version, from its package.json (which its exports do not name). */
export function pgliteVersion(): string {
  let folder = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(join(folder, 'package.json'))) folder = dirname(folder);
  return (JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The marker of a template made now, by this code. */
export function currentStoreTemplateMarker(): StoreTemplateMarker {
  return {
    pglite: pgliteVersion(),
    migrations: readMigrations().map(({ version, checksum }) => ({ version, checksum })),
  };
}

/**
 * Whether the installed template can seed a store: same PGlite, and each of its migrations is still
 * this code's (migrations added since are applied at start as usual).
 */
export function storeTemplateUsable(): boolean {
  if (!existsSync(storeTemplateMarkerFile) || !existsSync(join(storeTemplateDataFolder, 'PG_VERSION')))
    return false;
  let marker: StoreTemplateMarker;
  try {
    marker = JSON.parse(readFileSync(storeTemplateMarkerFile, 'utf8')) as StoreTemplateMarker;
  } catch {
    return false;
  }
  const current = currentStoreTemplateMarker();
  if (marker.pglite !== current.pglite) return false;
  const checksums = new Map(current.migrations.map((migration) => [migration.version, migration.checksum]));
  return marker.migrations.every((migration) => checksums.get(migration.version) === migration.checksum);
}

/** A new store's folder: true when it was seeded from the template (false: PGlite runs initdb). */
export function seedFromStoreTemplate(directory: string): boolean {
  if (existsSync(join(directory, 'PG_VERSION')) || !storeTemplateUsable()) return false;
  cpSync(storeTemplateDataFolder, directory, { recursive: true });
  return true;
}
