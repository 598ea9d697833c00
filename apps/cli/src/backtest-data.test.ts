// `ats backtest` on intraday data from the command line (the built CLI, spawned): SPY minute bars from a
// NinjaTrader CSV, the bundled SPY trade ticks aggregated into 5-second bars, and the Parquet catalog.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.cjs', import.meta.url));
const spyMinutes = fileURLToPath(
  new URL('../../../packages/backtest/fixtures/nt-spy-minute-2011.csv', import.meta.url),
);
const ats = (...args: string[]) =>
  spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 240_000 });

/** The line of the final equity, e.g. "final equity 101412.2500 (...)". */
const finalEquity = (stdout: string) => /final equity (\S+)/.exec(stdout)?.[1];

describe('ats backtest on intraday data', () => {
  it('runs SPY minute bars from a NinjaTrader CSV at --timeframe 1m, and the same bars imported into the catalog give the same result', () => {
    const fromCsv = ats(
      'backtest',
      '--strategy',
      'sma-cross',
      '--symbols',
      'SPY',
      '--data',
      spyMinutes,
      '--timeframe',
      '1m',
    );
    expect(fromCsv.status, fromCsv.stderr).toBe(0);
    expect(fromCsv.stdout).toMatch(/^bars 14180, fills [1-9]\d*, round trips [1-9]\d* \(1m bars\)/m);

    const catalog = mkdtempSync(join(tmpdir(), 'ats-catalog-'));
    const imported = ats(
      'data',
      'import',
      '--catalog',
      catalog,
      '--symbols',
      'SPY',
      '--file',
      spyMinutes,
      '--timeframe',
      '1m',
    );
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('SPY: 14180 1m bars imported');
    // One Parquet partition per UTC date: 20 sessions, with pre and post market reaching into 25 UTC dates.
    const partitions = readdirSync(join(catalog, 'bars-1m', 'SPY'));
    expect(partitions).toHaveLength(25);
    expect(partitions.every((name) => /^\d{4}-\d{2}-\d{2}\.parquet$/.test(name))).toBe(true);
    const fromCatalog = ats(
      'backtest',
      '--strategy',
      'sma-cross',
      '--symbols',
      'SPY',
      '--catalog',
      catalog,
      '--timeframe',
      '1m',
      '--equity-resolution',
      '1d',
    );
    expect(fromCatalog.status, fromCatalog.stderr).toBe(0);
    expect(fromCatalog.stdout).toMatch(/^bars 14180, .*\(1m bars\)/m);
    expect(finalEquity(fromCatalog.stdout)).toBe(finalEquity(fromCsv.stdout));
  }, 300_000);

  it('runs a tick-driven backtest: the bundled SPY trade ticks aggregated into 5-second bars, with a report', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ats-ticks-'));
    const result = ats(
      'backtest',
      '--strategy',
      'sma-cross',
      '--symbols',
      'SPY',
      '--records',
      'ticks',
      '--timeframe',
      '5s',
      '--report',
      folder,
    );
    expect(result.status, result.stderr).toBe(0);
    // 09:30-09:40 of 2013-10-07: 600 seconds of ticks, 120 five-second bars.
    expect(result.stdout).toMatch(/^bars 120, fills [1-9]\d*, .*\(5s bars\)/m);
    const results = JSON.parse(readFileSync(join(folder, 'results.json'), 'utf8'));
    expect(results.bars).toBe(120);
    expect(results.fills[0].time).toMatch(/^2013-10-07T13:3\d:/);
  }, 120_000);

  it('names the flag of a bad intraday option', () => {
    const result = ats('backtest', '--strategy', 'sma-cross', '--symbols', 'SPY', '--timeframe', '7x');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ats: --timeframe: must be a timeframe');
    const ticksOfOrcl = ats('backtest', '--strategy', 'sma-cross', '--symbols', 'ORCL', '--records', 'ticks');
    expect(ticksOfOrcl.status).toBe(1);
    expect(ticksOfOrcl.stderr).toContain('ats: --symbols: no bundled ticks of ORCL');
  }, 60_000);
});

describe('ats starts without loading any command', () => {
  it('has registration files that import only commander (types) and import-free helpers; the work loads in the action', () => {
    const folder = fileURLToPath(new URL('./commands/', import.meta.url));
    const index = readFileSync(join(folder, 'index.ts'), 'utf8');
    const registrations = [...index.matchAll(/from '\.\/([\w-]+)\.js'/g)].map((match) => `${match[1]}.ts`);
    expect(registrations.length).toBeGreaterThanOrEqual(11);
    // Modules a registration file may load at start: they import nothing themselves.
    const light = new Set([
      'commander',
      './default-urls.js',
      './backtest.js',
      './command-bundle.cjs',
      './short-run-tiering.js',
    ]);
    for (const file of registrations) {
      const source = readFileSync(join(folder, file), 'utf8');
      for (const match of source.matchAll(/^import (type )?[^;]*? from '([^']+)';/gms)) {
        if (match[1] === 'type ') continue; // erased at compile time
        if ((match[2] as string).startsWith('node:')) continue; // built into node, no module graph to load
        expect(light.has(match[2] as string), `${file} imports ${match[2]} at start`).toBe(true);
      }
    }
    const help = ats('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/backtest.*\n(.*\n)*.*data/);
  }, 60_000);
});
