// `ats backtest` keeps the bars it parsed from a CSV file (one entry per file, options and build) and
// reads them back on the next run: the same results either way, and nothing written where the user
// turned the cache off.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.cjs', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'ats-cli-parsed-bars-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `ats backtest` on the bundled ORCL with its report in `folder`, under the given environment. */
function backtest(folder: string, environment: Record<string, string>) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...environment };
  delete env.XDG_CACHE_HOME;
  const result = spawnSync(
    process.execPath,
    [main, 'backtest', '--strategy', 'sma-cross', '--symbols', 'ORCL', '--report', folder],
    { encoding: 'utf8', env },
  );
  expect(result.status, result.stderr).toBe(0);
  return {
    stdout: result.stdout.replaceAll(folder, '<report>'),
    results: readFileSync(join(folder, 'results.json'), 'utf8'),
  };
}

describe('ats backtest with parsed bars kept', () => {
  it('prints and writes the same results from the kept bars as from the parse, and writes no cache with ATS_CACHE_DIR empty', () => {
    const cache = join(scratch, 'cache');
    const first = backtest(join(scratch, 'first'), { ATS_CACHE_DIR: cache });
    const entries = readdirSync(join(cache, 'parsed-bars'));
    expect(entries).toHaveLength(1);
    const entry = join(cache, 'parsed-bars', entries[0] as string);
    const written = statSync(entry).ino;

    const second = backtest(join(scratch, 'second'), { ATS_CACHE_DIR: cache });
    // Read, not parsed and written again: the entry is the file the first run wrote (a write would
    // rename a new file into place).
    expect(statSync(entry).ino).toBe(written);
    expect(readdirSync(join(cache, 'parsed-bars'))).toEqual(entries);
    expect(second.stdout).toContain('bars 5036');
    expect(second.stdout).toBe(first.stdout);
    expect(second.results).toBe(first.results);

    // Off: parsed as before, the same results, and no cache in the (scratch) home folder either.
    const home = join(scratch, 'home');
    const off = backtest(join(scratch, 'off'), { ATS_CACHE_DIR: '', HOME: home });
    expect(off.stdout).toBe(first.stdout);
    expect(off.results).toBe(first.results);
    expect(() => readdirSync(home)).toThrow(/ENOENT/);
  });
});
