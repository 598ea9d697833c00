// Runs the built `ats` command as a user would and checks what it prints.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
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
});
