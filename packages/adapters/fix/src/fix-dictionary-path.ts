// Finds the FIX 4.4 data dictionary (QuickFIX XML) that ships inside the jspurefix package.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AtsError } from '@ats/core';

/** The absolute path of jspurefix's data/FIX44.xml; the QuickFIX counterparty in the tests loads it too. */
export function fix44DictionaryPath(): string {
  const require = createRequire(import.meta.url);
  // The package's main entry is dist/index.js; the dictionaries sit beside dist, under data/.
  const packageRoot = dirname(dirname(require.resolve('jspurefix')));
  const path = join(packageRoot, 'data', 'FIX44.xml');
  if (!existsSync(path)) {
    throw new AtsError('CONFIG_INVALID', `the FIX 4.4 dictionary is missing at ${path}`);
  }
  return path;
}
