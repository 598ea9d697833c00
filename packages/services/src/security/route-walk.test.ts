// The route walk: every registered route of every service, alone and in the one-process app, refuses a
// request without credentials, except /health (and /metrics with PROMETHEUS_TOKEN's bearer token).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServiceApp } from '../http/build-http-app.js';
import type { ServiceModule } from '../http/service-module.js';
import { buildCombinedAppFixture, type CombinedAppFixture } from '../testing/combined-app-fixture.js';
import { testAdminHeaders } from './test-credentials.js';

const prometheusToken = 'route-walk-prometheus-token-0123456789';
let fixture: CombinedAppFixture;
beforeAll(async () => {
  fixture = await buildCombinedAppFixture({ prometheusToken });
});
afterAll(async () => fixture.close());

/** A concrete URL of a route: each `:param` filled with a plausible value. */
const concrete = (url: string) =>
  url.replace(/:([A-Za-z]+)/g, (_match, name: string) => (name === 'symbol' ? 'AAPL' : 'x'));

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';

/**
 * Login and refresh are how credentials are obtained: they take them in the body (a password, a
 * refresh token), so without them they answer 4xx, never 2xx; every other route answers 401.
 */
const credentialRoutes = /^(\/api\/security)?\/(login|refresh)$/;
const refusedWithout = (url: string, status: number) =>
  credentialRoutes.test(url) ? status >= 400 && status < 500 : status === 401;

/** Sends a request of each kind a caller without valid credentials could send; returns the statuses. */
async function withoutCredentials(app: FastifyInstance, method: Method, url: string): Promise<number[]> {
  const attempts = [
    {},
    { authorization: 'Bearer not-a-token' },
    { 'x-api-key': 'ats_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    { authorization: `Bearer ${prometheusToken}` },
  ];
  const statuses: number[] = [];
  for (const headers of attempts) {
    const isMetricsToken = headers.authorization === `Bearer ${prometheusToken}`;
    if (isMetricsToken && url.endsWith('/metrics')) continue;
    const answer = await app.inject({ method, url, headers, ...(method === 'GET' ? {} : { payload: {} }) });
    statuses.push(answer.statusCode);
  }
  return statuses;
}

describe('the route walk', () => {
  it('refuses every route of the one-process app without credentials, besides health', async () => {
    expect(fixture.routes.length).toBeGreaterThan(40);
    const answered: string[] = [];
    for (const route of fixture.routes) {
      const url = concrete(route.url);
      const statuses = await withoutCredentials(fixture.app, route.method as Method, url);
      if (url.endsWith('/health')) continue;
      if (statuses.some((status) => !refusedWithout(url, status)))
        answered.push(`${route.method} ${url}: ${statuses.join(',')}`);
    }
    expect(answered).toEqual([]);
    // The same routes answer with the admin's credentials: the walk reached real routes, not 404s.
    const reached = await fixture.app.inject({
      method: 'GET',
      url: '/api/risk-manager/limits',
      headers: testAdminHeaders,
    });
    expect(reached.statusCode).toBe(200);
  });

  it('answers /health without credentials and /metrics only with the PROMETHEUS_TOKEN bearer token', async () => {
    for (const url of ['/health', '/api/risk-manager/health', '/api/security/health'])
      expect((await fixture.app.inject({ method: 'GET', url })).statusCode).toBeLessThan(400);
    for (const url of ['/metrics', '/api/trade-executor/metrics']) {
      expect((await fixture.app.inject({ method: 'GET', url })).statusCode).toBe(401);
      const scraped = await fixture.app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${prometheusToken}` },
      });
      expect(scraped.statusCode).toBe(200);
      expect(scraped.body).toContain('# HELP');
      const wrong = await fixture.app.inject({
        method: 'GET',
        url,
        headers: { authorization: 'Bearer wrong-token' },
      });
      expect(wrong.statusCode).toBe(401);
    }
  });

  it('refuses every route of every service built alone (multi-process mode) without credentials', async () => {
    expect(fixture.modules.map((module) => module.name).sort()).toEqual(
      [
        'audit',
        'backtesting',
        'data-collector',
        'risk-manager',
        'scheduler',
        'security',
        'strategy-engine',
        'trade-executor',
        'monitoring',
        'notifications',
      ].sort(),
    );
    for (const module of fixture.modules) {
      const routes: { method: Method; url: string }[] = [];
      const undeclared: string[] = [];
      const recording: ServiceModule = {
        name: module.name,
        metrics: module.metrics,
        health: () => module.health(),
        routes: async (scope) => {
          scope.addHook('onRoute', (options) => {
            // Every built-in route says what it needs; deny by default only guards routes added later.
            if (options.config?.permission === undefined) undeclared.push(`${options.method} ${options.url}`);
            for (const method of [options.method].flat())
              if (method !== 'HEAD') routes.push({ method: method as Method, url: options.url });
          });
          await module.routes(scope);
        },
      };
      const app = await buildServiceApp(recording, { security: fixture.security });
      try {
        expect(routes.length).toBeGreaterThan(1);
        expect(undeclared).toEqual([]);
        for (const route of [...routes, { method: 'GET' as const, url: '/metrics' }]) {
          const statuses = await withoutCredentials(app, route.method, concrete(route.url));
          const url = concrete(route.url);
          expect(
            statuses.filter((status) => !refusedWithout(url, status)),
            `${module.name} ${route.method} ${route.url}: ${statuses.join(',')}`,
          ).toEqual([]);
        }
        expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBeLessThan(400);
        // A URL no route serves is refused the same way: nothing tells a stranger which routes exist.
        expect((await app.inject({ method: 'GET', url: '/no-such-route' })).statusCode).toBe(401);
      } finally {
        await app.close();
      }
    }
  });

  it('makes a route that declares no permission admin-only (deny by default)', async () => {
    const module: ServiceModule = {
      name: 'scheduler',
      metrics: fixture.modules[0]?.metrics as ServiceModule['metrics'],
      health: () => ({ status: 'up' }),
      routes: (app) => {
        app.post('/added-later', async () => ({ done: true }));
      },
    };
    const app = await buildServiceApp(module, { security: fixture.security });
    const viewer = await createKey('viewer');
    const trader = await createKey('trader');
    try {
      expect((await app.inject({ method: 'POST', url: '/added-later' })).statusCode).toBe(401);
      expect(
        (await app.inject({ method: 'POST', url: '/added-later', headers: { 'x-api-key': viewer } }))
          .statusCode,
      ).toBe(403);
      expect(
        (await app.inject({ method: 'POST', url: '/added-later', headers: { 'x-api-key': trader } }))
          .statusCode,
      ).toBe(403);
      expect(
        (await app.inject({ method: 'POST', url: '/added-later', headers: testAdminHeaders })).statusCode,
      ).toBe(200);
    } finally {
      await app.close();
    }
  });
});

async function createKey(role: string): Promise<string> {
  const answer = await fixture.app.inject({
    method: 'POST',
    url: '/api/security/keys',
    headers: testAdminHeaders,
    payload: { name: `walk ${role}`, role },
  });
  expect(answer.statusCode).toBe(201);
  return (answer.json() as { key: string }).key;
}

describe('roles', () => {
  const as = (key: string, method: Method, url: string, payload?: object) =>
    fixture.app.inject({ method, url, headers: { 'x-api-key': key }, ...(payload ? { payload } : {}) });

  it('lets a viewer read but not halt trading, place orders, manage jobs or keys', async () => {
    const viewer = await createKey('viewer');
    expect((await as(viewer, 'GET', '/api/risk-manager/limits')).statusCode).toBe(200);
    expect((await as(viewer, 'GET', '/api/trade-executor/orders')).statusCode).toBe(200);
    const halt = await as(viewer, 'POST', '/api/risk-manager/halt');
    expect(halt.statusCode).toBe(403);
    expect(halt.json()).toMatchObject({ error: 'FORBIDDEN' });
    expect((await as(viewer, 'POST', '/api/risk-manager/resume')).statusCode).toBe(403);
    expect(
      (
        await as(viewer, 'POST', '/api/trade-executor/orders', {
          symbol: 'AAPL',
          side: 'BUY',
          quantity: 1,
          type: 'MARKET',
        })
      ).statusCode,
    ).toBe(403);
    expect((await as(viewer, 'POST', '/api/scheduler/jobs/daily-backup/trigger')).statusCode).toBe(403);
    expect((await as(viewer, 'GET', '/api/security/keys')).statusCode).toBe(403);
    expect(
      (await as(viewer, 'POST', '/api/backtesting/runs', { strategy: 'sma-cross', symbols: ['ORCL'] }))
        .statusCode,
    ).toBe(403);
  });

  it('lets only risk and admin halt and resume trading; a trader places orders but cannot halt', async () => {
    const risk = await createKey('risk');
    const trader = await createKey('trader');
    expect((await as(trader, 'POST', '/api/risk-manager/halt')).statusCode).toBe(403);
    expect((await as(risk, 'POST', '/api/risk-manager/halt')).json()).toEqual({ halted: true });
    expect((await as(risk, 'POST', '/api/risk-manager/resume')).json()).toEqual({ halted: false });
    expect(
      (
        await as(risk, 'POST', '/api/trade-executor/orders', {
          symbol: 'AAPL',
          side: 'BUY',
          quantity: 1,
          type: 'MARKET',
        })
      ).statusCode,
    ).toBe(403);
    const order = await as(trader, 'POST', '/api/trade-executor/orders', {
      symbol: 'AAPL',
      side: 'BUY',
      quantity: 1,
      type: 'MARKET',
    });
    expect(order.statusCode).not.toBe(403);
    expect(order.statusCode).not.toBe(401);
    expect((await as(trader, 'POST', '/api/scheduler/jobs/daily-backup/pause')).statusCode).toBe(403);
    expect((await as(trader, 'GET', '/api/security/users')).statusCode).toBe(403);
  });

  it('refuses a revoked key at once in one process, and an unknown or malformed one', async () => {
    const key = await createKey('viewer');
    expect((await as(key, 'GET', '/api/risk-manager/limits')).statusCode).toBe(200);
    const id = key.slice(4, 20);
    const revoked = await fixture.app.inject({
      method: 'DELETE',
      url: `/api/security/keys/${id}`,
      headers: testAdminHeaders,
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id, revokedAt: expect.any(String) });
    const refused = await as(key, 'GET', '/api/risk-manager/limits');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().message).toMatch(/revoked/);
    const listed = (
      await fixture.app.inject({ method: 'GET', url: '/api/security/keys', headers: testAdminHeaders })
    ).json() as Record<string, unknown>[];
    // Listed without its secret or hash.
    expect(JSON.stringify(listed)).not.toContain(key.slice(21));
    expect(listed.every((entry) => !('secretHash' in entry) && !('key' in entry))).toBe(true);
    expect(
      (await as(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`, 'GET', '/api/risk-manager/limits'))
        .statusCode,
    ).toBe(401);
  });
});
