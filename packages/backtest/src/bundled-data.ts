// Finds the daily bars shipped with the package (fixtures/) by symbol, for examples and the CLI.
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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

/**
 * How many bars of a bundled file fall between two calendar dates (YYYY-MM-DD, inclusive; either
 * may be absent). Reads only the date column, asynchronously, so a request can refuse a range with
 * no data before it queues a run whose worker would fail on it.
 */
export async function bundledBarsBetween(path: string, from?: string, to?: string): Promise<number> {
  const text = await readFile(path, 'utf8');
  let count = 0;
  let start = text.indexOf('\n') + 1; // skip the header line
  while (start > 0 && start < text.length) {
    const date = text.slice(start, start + 10);
    if ((from === undefined || date >= from) && (to === undefined || date <= to)) count += 1;
    start = text.indexOf('\n', start) + 1;
  }
  return count;
}
