// The `ats` command refuses bad input with a line naming it and a non-zero exit, and a failed start exits whole.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.cjs', import.meta.url));
const ats = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [main, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    // A start that fails but never exits is the bug; the timeout turns it into a failed assertion.
    timeout: 90_000,
  });

/** A config folder and an embedded store of its own, whatever database or Redis the environment names. */
function embeddedStoreEnvironment(folder: string): Record<string, string> {
  return { ATS_CONFIG_DIR: folder, ATS_DATA_DIR: join(folder, 'data'), DATABASE_URL: '', REDIS_URL: '' };
}

function configFolder(yaml: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'ats-cli-config-'));
  writeFileSync(join(folder, 'default.yaml'), yaml);
  return folder;
}

describe('ats backtest refusals', () => {
  it('refuses a --data file that does not exist, naming it', () => {
    const result = ats([
      'backtest',
      '--strategy',
      'sma-cross',
      '--symbols',
      'ORCL',
      '--data',
      '/missing.csv',
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--data: no such file or folder: /missing.csv');
  });

  it.each([
    [['--commission-bps', 'abc'], '--commission-bps'],
    [['--commission-bps', '1e308'], '--commission-bps'],
    [['--slippage-bps', '-1'], '--slippage-bps'],
    [['--cash', '-5'], '--cash'],
    [['--participation', '5'], '--participation'],
    [['--from', '2010-13-45'], '--from'],
    [['--from', '2006-01-01', '--to', '2005-01-01'], '--from'],
  ])('refuses backtest options %j, naming %s', (options, flag) => {
    const result = ats(['backtest', '--strategy', 'sma-cross', '--symbols', 'ORCL', ...options]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`ats: ${flag}: `);
  });

  it('refuses an inherited name as a strategy kind', () => {
    const result = ats(['backtest', '--strategy', 'constructor', '--symbols', 'ORCL']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("--strategy: 'constructor' is not one of sma-cross");
  });

  it('refuses a --from past the data: no bars in the range', () => {
    const result = ats(['backtest', '--strategy', 'sma-cross', '--symbols', 'ORCL', '--from', '2030-01-01']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--from: no bars of ORCL between 2030-01-01/);
  });
});

describe('ats jobs', () => {
  it('calls an unknown subcommand unknown and lists the valid ones', () => {
    const result = ats(['jobs', 'bogus']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("unknown subcommand 'bogus'");
    expect(result.stderr).toContain('list, trigger, pause, resume, history');
  });
});

describe('fatal start errors', () => {
  let busy: Server;
  let port = 0;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it('stops at once on a strategy parameter error (fast 30, slow 10), naming the key', () => {
    const folder = configFolder(
      'strategies:\n  - id: bad\n    kind: sma-cross\n    symbols: [AAPL]\n    parameters: { fast: 30, slow: 10 }\n',
    );
    const result = ats(['start'], embeddedStoreEnvironment(folder));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('strategies.0.parameters');
  });

  it('exits non-zero when the one-process node cannot bind its port', () => {
    const folder = configFolder('status_interval_seconds: 0\nlogging:\n  level: silent\n');
    const result = ats(['start', '--port', String(port)], embeddedStoreEnvironment(folder));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('EADDRINUSE');
  });
});
