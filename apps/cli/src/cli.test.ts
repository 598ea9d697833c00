// Runs the built `ats` command as a user would and checks what it prints.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.cjs', import.meta.url));
const ats = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });

describe('ats', () => {
  it('answers calendar questions', () => {
    expect(ats('calendar', 'day', '2025-01-09').stdout).toContain(
      'closed (Day of mourning for President Carter)',
    );
    const sessions = ats('calendar', 'sessions', '--from', '2026-11-25', '--to', '2026-11-27')
      .stdout.trim()
      .split('\n');
    expect(sessions).toEqual(['2026-11-25  09:30-16:00', '2026-11-27  09:30-13:00  early close']);
    expect(ats('calendar', 'status', '--at', '2026-11-27T15:00:00Z').stdout).toMatch(/phase\s+regular/);
  });

  it('stops on a bad configuration with a line naming the key', () => {
    const result = spawnSync(process.execPath, [main, 'start'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        ATS_CONFIG_DIR: fileURLToPath(new URL('./test-fixtures/bad-config', import.meta.url)),
      },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('config: unknown key risk_limits.max_postion_size');
  });

  it('refuses an unknown service name', () => {
    const result = ats('service', 'nonsense');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("'nonsense' is not a service");
  });

  it('runs a backtest from the command line and writes the report', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ats-backtest-'));
    const result = ats(
      'backtest',
      '--strategy',
      'sma-cross',
      '--symbols',
      'ORCL',
      '--from',
      '2003-01-01',
      '--to',
      '2005-12-31',
      '--param',
      'fast=10',
      '--param',
      'slow=30',
      '--cash',
      '100000',
      '--commission-bps',
      '10',
      '--report',
      folder,
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/bars 756, fills \d+, round trips \d+/);
    const html = readFileSync(join(folder, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    // Self-contained: its one inline script (the hover read-out) loads nothing from anywhere.
    expect(html).not.toMatch(/<script[^>]*\ssrc=|<link[^>]*\shref=|(src|href)=["']?https?:/);
    const results = JSON.parse(readFileSync(join(folder, 'results.json'), 'utf8'));
    expect(results.bars).toBe(756);
    expect(ats('backtest', '--strategy', 'nope', '--symbols', 'ORCL').stderr).toContain(
      "--strategy: 'nope' is not one of sma-cross",
    );
    expect(
      ats('backtest', '--strategy', 'sma-cross', '--symbols', 'ORCL', '--param', 'fast').stderr,
    ).toContain("--param: 'fast' must look like name=number");
  });

  it('optimizes a grid on worker threads and ranks by the metric', () => {
    const result = ats(
      'optimize',
      '--strategy',
      'sma-cross',
      '--symbols',
      'ORCL',
      '--from',
      '2003-01-01',
      '--to',
      '2005-12-31',
      '--grid',
      'fast=5:10:5',
      '--grid',
      'slow=20,30',
      '--workers',
      '2',
      '--metric',
      'totalReturn',
    );
    expect(result.status).toBe(0);
    const rows = result.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/rank\s+parameters\s+totalReturn/);
    expect(rows).toHaveLength(5);
    expect(
      ats('optimize', '--strategy', 'sma-cross', '--symbols', 'ORCL', '--grid', 'fast=5-10').stderr,
    ).toContain("--grid: 'fast=5-10' must look like");
  }, 60_000);
});
