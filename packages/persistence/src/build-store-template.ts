// `node packages/persistence/dist/build-store-template.js`: makes the embedded store's template (run by
// npm's `prepare` after the build). Built in a folder of its own, then renamed into place at once.
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from './migrator.js';
import { PgliteDatabase } from './pglite-database.js';
import {
  currentStoreTemplateMarker,
  storeTemplateDirectory,
  storeTemplateMarkerFile,
  storeTemplateUsable,
} from './store-template.js';

export async function buildStoreTemplate(): Promise<'kept' | 'built'> {
  if (storeTemplateUsable()) return 'kept';
  const building = `${storeTemplateDirectory.replace(/\/$/, '')}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const database = await PgliteDatabase.open(join(building, 'pgdata'));
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
  writeFileSync(
    join(building, 'template.json'),
    `${JSON.stringify(currentStoreTemplateMarker(), null, 2)}\n`,
  );
  rmSync(storeTemplateDirectory, { recursive: true, force: true });
  renameSync(building, storeTemplateDirectory);
  if (!existsSync(storeTemplateMarkerFile)) throw new Error('the store template was not written');
  return 'built';
}

const started = Date.now();
buildStoreTemplate().then(
  (outcome) =>
    console.log(
      `ats: embedded store template ${outcome} (${((Date.now() - started) / 1000).toFixed(1)} s): ${storeTemplateDirectory}`,
    ),
  (error: unknown) => {
    // A failed template only makes the first start slower (PGlite runs initdb then): say so, do not fail the install.
    console.error(`ats: could not make the embedded store template: ${(error as Error).message}`);
  },
);
