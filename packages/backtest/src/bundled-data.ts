// Finds the daily bars shipped with the package (fixtures/) by symbol, for examples and the CLI.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The longest bundled file for the symbol (e.g. ORCL -> orcl-1995-2014.txt), or null. */
export function bundledDataFile(symbol: string): string | null {
  const prefix = `${symbol.toLowerCase()}-`;
  const files = readdirSync(folder)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.txt'))
    .sort();
  const first = files[0];
  return first ? `${folder}${first}` : null;
}
