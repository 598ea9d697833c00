// `ats status` and `ats logs`, the built CLI in its own process, against a Monitoring service on a
// real database: the platform's status with its exit code, the log search with its filters, and the
// errors for a missing credential and bad input.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type RunningTestMonitoring, startTestMonitoring, testAdminHeaders } from '@ats/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.cjs', import.meta.url));
let monitoring: RunningTestMonitoring;

beforeAll(async () => {
  monitoring = await startTestMonitoring();
  await monitoring.storeLogs([
    {
      time: '2026-03-02T14:30:00.000Z',
      level: 'info',
      service: 'strategy-engine',
      correlationId: 'flow-7',
      message: 'published SignalGenerated',
      fields: { symbol: 'AAPL' },
    },
    {
      time: '2026-03-02T14:30:01.000Z',
      level: 'info',
      service: 'trade-executor',
      correlationId: 'flow-7',
      message: 'published OrderFilled',
      fields: { symbol: 'AAPL' },
    },
    {
      time: '2026-03-02T14:31:00.000Z',
      level: 'warn',
      service: 'risk-manager',
      correlationId: null,
      message: 'price feed stale',
      fields: { symbol: 'MSFT' },
    },
  ]);
}, 60_000);
afterAll(async () => {
  await monitoring?.close();
});

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI asynchronously (the service it calls lives in this process). */
function ats(args: readonly string[], credentials = true): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [main, ...args, '--url', monitoring.url],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          ATS_API_KEY: credentials ? (testAdminHeaders['x-api-key'] as string) : '',
          ATS_TOKEN: '',
          // No stored `ats login` session either.
          ATS_CREDENTIALS_FILE: '/nonexistent/ats-credentials.json',
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('ats status', () => {
  it('prints the platform UP, each service and the checklist, and exits 0 while every service is up', async () => {
    monitoring.setWatchedHealth({ status: 'up', detail: { database: { connected: true } } });
    const run = await ats(['status']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('platform: UP');
    expect(lines).toContain(`  ${'risk-manager'.padEnd(16)} up`);
    expect(run.stdout).toMatch(/^checks: (\d+) of \1 passed$/m);
  });

  it('prints DOWN with the failed check and exits 1 when a service is down; --json gives the same status', async () => {
    monitoring.setWatchedHealth({ status: 'down', detail: { error: 'connection refused' } });
    const run = await ats(['status']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('platform: DOWN');
    expect(run.stdout).toContain(`  ${'risk-manager'.padEnd(16)} down`);
    expect(run.stdout).toContain(
      'FAIL [critical] All services responding to health checks: risk-manager is down',
    );
    const json = await ats(['status', '--json']);
    expect(json.code).toBe(1);
    const status = JSON.parse(json.stdout) as { status: string; firing: { id: string }[] };
    expect(status.status).toBe('down');
    expect(status.firing.map((alert) => alert.id)).toContain('service_down:risk-manager');
    monitoring.setWatchedHealth({ status: 'up', detail: { database: { connected: true } } });
  });

  it('exits 2 and says how to authenticate without credentials, and names an unreachable service', async () => {
    const refused = await ats(['status'], false);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('401');
    expect(refused.stderr).toContain('ats login');
    const unreachable = await new Promise<Run>((resolve) => {
      execFile(
        process.execPath,
        [main, 'status', '--url', 'http://127.0.0.1:9/api/monitoring'],
        { encoding: 'utf8', timeout: 60_000 },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain('cannot reach http://127.0.0.1:9/api/monitoring/status');
  });
});

describe('ats logs', () => {
  it("prints one order's lines across services by correlation id, newest first, each with its id", async () => {
    const run = await ats(['logs', '--correlation-id', 'flow-7']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      '2026-03-02T14:30:01.000Z INFO  trade-executor [flow-7] published OrderFilled',
      '2026-03-02T14:30:00.000Z INFO  strategy-engine [flow-7] published SignalGenerated',
    ]);
  });

  it('finds lines by words (in the message and the fields), by level and by service; --json gives the records', async () => {
    const byWords = await ats(['logs', 'stale', 'MSFT']);
    expect(byWords.stdout.trim()).toBe('2026-03-02T14:31:00.000Z WARN  risk-manager price feed stale');
    const byLevel = await ats(['logs', '--level', 'warn']);
    expect(byLevel.stdout.trim().split('\n')).toHaveLength(1);
    const byService = await ats(['logs', '--service', 'strategy-engine', '--json']);
    const records = JSON.parse(byService.stdout) as { service: string; fields: Record<string, unknown> }[];
    expect(records.map((record) => [record.service, record.fields.symbol])).toEqual([
      ['strategy-engine', 'AAPL'],
    ]);
    const limited = await ats(['logs', '--limit', '1']);
    expect(limited.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 naming the bad filter: a level, a limit, an instant range', async () => {
    for (const [args, named] of [
      [['--level', 'loud'], 'level'],
      [['--limit', '0'], 'limit'],
      [['--from', '2026-03-03T00:00:00Z', '--to', '2026-03-02T00:00:00Z'], 'from'],
    ] as const) {
      const run = await ats(['logs', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain('GET /logs: 400');
      expect(run.stderr, args.join(' ')).toContain(named);
    }
  });
});
