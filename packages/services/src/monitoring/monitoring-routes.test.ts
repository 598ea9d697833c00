// The Monitoring service's HTTP routes on a real database: /status, /alerts, /history and /logs each
// refuse a caller without credentials and name what is wrong in bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAdminHeaders } from '../security/test-credentials.js';
import { type RunningTestMonitoring, startTestMonitoring } from './monitoring-test-context.js';

let monitoring: RunningTestMonitoring;
beforeAll(async () => {
  monitoring = await startTestMonitoring();
  await monitoring.storeLogs([
    {
      time: '2026-03-02T14:30:00.000Z',
      level: 'info',
      service: 'trade-executor',
      correlationId: 'flow-1',
      message: 'published OrderFilled',
      fields: { symbol: 'AAPL' },
    },
    {
      time: '2026-03-02T14:31:00.000Z',
      level: 'error',
      service: 'risk-manager',
      correlationId: 'flow-2',
      message: 'price feed stale',
      fields: { symbol: 'MSFT' },
    },
  ]);
}, 60_000);
afterAll(async () => {
  await monitoring?.close();
});

const get = (path: string, headers: Record<string, string> = testAdminHeaders) =>
  fetch(`${monitoring.url}${path}`, { headers });

describe('the Monitoring service over HTTP', () => {
  it('refuses every route without credentials (401), and answers them with', async () => {
    for (const path of ['/status', '/alerts', '/history', '/logs']) {
      const refused = await get(path, {});
      expect(refused.status, path).toBe(401);
      expect(((await refused.json()) as { error: string }).error, path).toMatch(
        /UNAUTHENTICATED|UNAUTHORIZED/,
      );
      expect((await get(path)).status, path).toBe(200);
    }
  });

  it('GET /status?refresh=true runs a round: up while the watched service is up, down with a failed check and a firing alert when it is down', async () => {
    monitoring.setWatchedHealth({ status: 'up', detail: { database: { connected: true } } });
    const up = (await (await get('/status?refresh=true')).json()) as {
      status: string;
      checkedAt: number;
      services: Record<string, { status: string }>;
    };
    expect(up.status).toBe('up');
    expect(up.services['risk-manager']?.status).toBe('up');
    expect(up.checkedAt).toBeGreaterThan(0);

    monitoring.setWatchedHealth({ status: 'down', detail: { error: 'connection refused' } });
    const down = (await (await get('/status?refresh=true')).json()) as {
      status: string;
      checks: { id: string; passed: boolean }[];
      firing: { id: string }[];
    };
    expect(down.status).toBe('down');
    expect(down.checks.find((check) => check.id === 'service_down:risk-manager')?.passed).toBe(false);
    expect(down.firing.map((alert) => alert.id)).toContain('service_down:risk-manager');
    const alerts = (await (await get('/alerts')).json()) as { firing: { id: string }[] };
    expect(alerts.firing.map((alert) => alert.id)).toEqual(['service_down:risk-manager']);
    // Without refresh: the last round, not a new one.
    const cached = (await (await get('/status')).json()) as { status: string };
    expect(cached.status).toBe('down');
    monitoring.setWatchedHealth({ status: 'up', detail: { database: { connected: true } } });
    await get('/status?refresh=true');
    expect(((await (await get('/alerts')).json()) as { firing: unknown[] }).firing).toEqual([]);
  });

  it('GET /status refuses a refresh that is not a boolean', async () => {
    const refused = await get('/status?refresh=maybe');
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toMatch(/refresh/);
  });

  it('GET /history lists the kept metrics, gives one metric since an instant, and refuses a bad name or instant', async () => {
    await get('/status?refresh=true');
    const names = ((await (await get('/history')).json()) as { metrics: string[] }).metrics;
    expect(names).toContain('up:risk-manager');
    const points = (await (await get('/history?metric=up:risk-manager&since=0')).json()) as {
      metric: string;
      points: unknown[];
    };
    expect(points.metric).toBe('up:risk-manager');
    expect(points.points.length).toBeGreaterThan(0);
    const future = (await (
      await get(`/history?metric=up:risk-manager&since=${Date.now() + 3_600_000}`)
    ).json()) as {
      points: unknown[];
    };
    expect(future.points).toEqual([]);
    for (const [query, field] of [
      ['metric=up%20risk', 'metric'],
      ['since=-1', 'since'],
      ['since=yesterday', 'since'],
    ] as const) {
      const refused = await get(`/history?${query}`);
      expect(refused.status, query).toBe(400);
      expect(((await refused.json()) as { message: string }).message, query).toContain(field);
    }
  });

  it('GET /logs searches by words, level, service and correlation id, and refuses a bad level, range, limit or id', async () => {
    const byWords = (await (await get('/logs?q=stale%20MSFT')).json()) as {
      logs: { correlationId: string }[];
    };
    expect(byWords.logs.map((line) => line.correlationId)).toEqual(['flow-2']);
    const byLevel = (await (await get('/logs?level=error')).json()) as { logs: { service: string }[] };
    expect(byLevel.logs.map((line) => line.service)).toEqual(['risk-manager']);
    const byService = (await (await get('/logs?service=trade-executor')).json()) as {
      logs: { message: string }[];
    };
    expect(byService.logs.map((line) => line.message)).toEqual(['published OrderFilled']);
    const byCorrelation = (await (await get('/logs?correlation_id=flow-1')).json()) as {
      logs: { message: string }[];
    };
    expect(byCorrelation.logs.map((line) => line.message)).toEqual(['published OrderFilled']);
    const inRange = (await (await get('/logs?from=2026-03-02T14:30:30Z&to=2026-03-02T14:35:00Z')).json()) as {
      logs: { correlationId: string }[];
    };
    expect(inRange.logs.map((line) => line.correlationId)).toEqual(['flow-2']);
    for (const [query, field] of [
      ['level=loud', 'level'],
      ['from=2026-03-03T00:00:00Z&to=2026-03-02T00:00:00Z', 'from'],
      ['from=not-a-date', 'from'],
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['correlation_id=bad%20id', 'correlation_id'],
      ['service=a%2Fb', 'service'],
    ] as const) {
      const refused = await get(`/logs?${query}`);
      expect(refused.status, query).toBe(400);
      expect(((await refused.json()) as { message: string }).message, query).toContain(field);
    }
  });
});
