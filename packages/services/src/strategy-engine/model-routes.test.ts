// The model registry's REST routes on the Strategy Engine: listed, compared and promoted over HTTP with the
// permissions they declare (read for reading, admin for promote and roll back), bad input refused with a 400.
import { IdGenerator, SeededRandom, TestClock } from '@ats/core';
import { InProcessMessageBus, StrategyRuntime } from '@ats/engine';
import { LogisticRegressionTrainer } from '@ats/ml';
import {
  createRepositories,
  openTestDatabase,
  SqlModelRegistryStore,
  type TestDatabase,
} from '@ats/persistence';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServiceApp } from '../http/build-http-app.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { testAdminHeaders, testRequestSecurity } from '../security/test-credentials.js';
import { StrategyEngineModule } from './strategy-engine-module.js';

let opened: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  opened = await openTestDatabase('pglite');
  const clock = new TestClock(Date.UTC(2024, 0, 2));
  const store = new SqlModelRegistryStore(opened.database, () => clock.now());
  const version = (accuracy: number) => ({
    name: 'orcl-daily',
    kind: 'random-forest',
    task: 'classification' as const,
    features: [{ kind: 'return', period: 1 }],
    parameters: { trees: 100 },
    horizonBars: 5,
    symbols: ['ORCL'],
    trainingFrom: Date.UTC(2000, 0, 3),
    trainingTo: Date.UTC(2010, 11, 31),
    metrics: { accuracy, auc: 0.55 },
    columns: 1,
    contextRows: 1,
    artifact: new TextEncoder().encode('{}'),
  });
  await store.register(version(0.52));
  await store.register(version(0.56));
  const runtime = new StrategyRuntime({
    bus: new InProcessMessageBus(),
    clock,
    ids: new IdGenerator(new SeededRandom(1)),
  });
  const module = new StrategyEngineModule({
    runtime,
    strategies: [],
    signals: createRepositories(opened.database).signals,
    metrics: new PrometheusMetrics('strategy-engine', false),
    models: store,
  });
  app = await buildServiceApp(module, { security: testRequestSecurity() });
}, 180_000);
afterAll(async () => {
  await app?.close();
  await opened?.dispose();
});

describe('model registry routes', () => {
  it('registers a model whose artifact loads, and refuses one that does not', async () => {
    const features = { data: Float64Array.of(1, 0, 0, 1, 1, 1, 0, 0), rows: 4, columns: 2 };
    const model = await new LogisticRegressionTrainer().fit({
      features,
      labels: Float64Array.of(1, 0, 1, 0),
    });
    const artifact = await model.toArtifact();
    const body = {
      name: 'uploaded',
      kind: artifact.kind,
      task: artifact.task,
      features: [
        { kind: 'return', period: 1 },
        { kind: 'return', period: 5 },
      ],
      parameters: { l2: 1 },
      horizonBars: 1,
      symbols: ['ORCL'],
      trainingFrom: Date.UTC(2001, 0, 2),
      trainingTo: Date.UTC(2001, 0, 5),
      metrics: { accuracy: 0.75 },
      columns: artifact.columns,
      contextRows: artifact.contextRows,
      artifact: Buffer.from(artifact.payload).toString('base64'),
    };
    const created = await app.inject({
      method: 'POST',
      url: '/models',
      headers: testAdminHeaders,
      payload: body,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'uploaded',
      version: 1,
      status: 'candidate',
      kind: 'logistic-regression',
    });
    const broken = await app.inject({
      method: 'POST',
      url: '/models',
      headers: testAdminHeaders,
      payload: { ...body, columns: 3 },
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().message).toMatch(/artifact: does not load as a logistic-regression model/);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/models',
          headers: testAdminHeaders,
          payload: { ...body, artifact: '%%%' },
        })
      ).statusCode,
    ).toBe(400);
  });

  it('lists versions, compares two, promotes and rolls back with the operator recorded', async () => {
    const listed = await app.inject({
      method: 'GET',
      url: '/models?name=orcl-daily',
      headers: testAdminHeaders,
    });
    expect(listed.statusCode).toBe(200);
    expect(
      listed.json().models.map((model: { version: number; status: string }) => [model.version, model.status]),
    ).toEqual([
      [1, 'candidate'],
      [2, 'candidate'],
    ]);
    const compared = await app.inject({
      method: 'GET',
      url: '/models/orcl-daily/compare?a=1&b=2',
      headers: testAdminHeaders,
    });
    expect(compared.json().metrics.accuracy.difference).toBeCloseTo(0.04, 12);
    expect(compared.json().sameFeatures).toBe(true);
    for (const body of [
      { version: 1, reason: 'first' },
      { version: 2, reason: 'better accuracy' },
    ]) {
      const promoted = await app.inject({
        method: 'POST',
        url: '/models/orcl-daily/promote',
        headers: testAdminHeaders,
        payload: body,
      });
      expect(promoted.statusCode).toBe(200);
    }
    const rolledBack = await app.inject({
      method: 'POST',
      url: '/models/orcl-daily/rollback',
      headers: testAdminHeaders,
      payload: { reason: 'drift' },
    });
    expect(rolledBack.json()).toMatchObject({ version: 1, action: 'rollback', previousVersion: 2 });
    expect(rolledBack.json().actor).toMatch(/:/);
    const shown = await app.inject({
      method: 'GET',
      url: '/models/orcl-daily/versions/1',
      headers: testAdminHeaders,
    });
    expect(shown.json().status).toBe('production');
  });

  it('answers 404 for a missing version, 409 for a rollback with nothing to go back to, 400 for bad input', async () => {
    expect(
      (await app.inject({ method: 'GET', url: '/models/orcl-daily/versions/9', headers: testAdminHeaders }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/models/none/rollback',
          headers: testAdminHeaders,
          payload: { reason: 'x' },
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (await app.inject({ method: 'GET', url: '/models/Bad%20Name/versions/1', headers: testAdminHeaders }))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/models/orcl-daily/promote',
          headers: testAdminHeaders,
          payload: { version: 0, reason: 'x' },
        })
      ).statusCode,
    ).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/models' })).statusCode).toBe(401);
  });
});
