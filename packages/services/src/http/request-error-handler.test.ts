// A 500 is a bug: the caller gets "internal error" and a correlation id, the log gets the detail under the same id.
import { AtsError } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { testAdminHeaders, testRequestSecurity } from '../security/test-credentials.js';
import { buildServiceApp } from './build-http-app.js';
import type { ServiceModule } from './service-module.js';

async function appFailingWith(error: Error) {
  const logged: Record<string, unknown>[] = [];
  const module: ServiceModule = {
    name: 'data-collector',
    metrics: new PrometheusMetrics('errors', false),
    health: () => ({ status: 'up' }),
    routes: (app) => {
      app.get('/fails', async () => {
        throw error;
      });
    },
  };
  const app = await buildServiceApp(module, {
    log: { error: (fields) => void logged.push(fields) },
    security: testRequestSecurity(),
  });
  return { app, logged };
}

describe('internal errors', () => {
  it.each([
    new Error('relation "orders" does not exist: SELECT * FROM orders'),
    new AtsError(
      'DATABASE_QUERY_FAILED',
      'SELECT id FROM trades LIMIT $1: invalid input syntax for type bigint',
    ),
  ])('answers 500 with only a correlation id for %s, and logs the detail under that id', async (error) => {
    const { app, logged } = await appFailingWith(error);
    const answer = await app.inject({ headers: testAdminHeaders, method: 'GET', url: '/fails' });
    expect(answer.statusCode).toBe(500);
    const body = answer.json() as { error: string; message: string; correlationId: string };
    expect(body).toEqual({ error: 'INTERNAL', message: 'internal error', correlationId: expect.any(String) });
    expect(answer.body).not.toMatch(/SELECT/);
    expect(answer.headers['x-correlation-id']).toBe(body.correlationId);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ correlationId: body.correlationId, err: error });
  });

  it('answers a retryable outage with 503 and its code, never its text', async () => {
    const { app } = await appFailingWith(
      new AtsError('DATABASE_UNAVAILABLE', 'connect ECONNREFUSED postgres://u:p@h'),
    );
    const answer = await app.inject({ headers: testAdminHeaders, method: 'GET', url: '/fails' });
    expect(answer.statusCode).toBe(503);
    expect(answer.json()).toMatchObject({
      error: 'DATABASE_UNAVAILABLE',
      message: 'service unavailable; retry later',
    });
    expect(answer.body).not.toMatch(/ECONNREFUSED/);
  });

  it('names the field of an INVALID_INPUT from its message when the error carries none', async () => {
    const { app } = await appFailingWith(
      new AtsError('INVALID_INPUT', 'limitPrice: a MARKET order takes no limit price'),
    );
    const answer = await app.inject({ headers: testAdminHeaders, method: 'GET', url: '/fails' });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ error: 'INVALID_INPUT', field: 'limitPrice' });
  });

  it('names the route in a 404 for an unknown URL', async () => {
    const { app } = await appFailingWith(new Error('unused'));
    const answer = await app.inject({ headers: testAdminHeaders, method: 'GET', url: '/nowhere?x=1' });
    expect(answer.statusCode).toBe(404);
    expect(answer.json()).toMatchObject({ error: 'NOT_FOUND', message: 'no route GET /nowhere' });
  });
});
