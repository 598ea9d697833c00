// Multi-process mode: the Strategy Engine in its own process loads the registry's production model
// for a configured `ml-model` strategy; its signals (with the model's confidence) cross the Redis bus
// to the Risk Manager and the Trade Executor and are filled on the paper venue; the engine's
// drift board serves the model's live accuracy.
import type { SignalGenerated } from '@ats/core';
import { openDatabase, SqlModelRegistryStore } from '@ats/persistence';
import { testAdminHeaders } from '@ats/services';
import { afterAll, describe, expect, it } from 'vitest';
import { type Deployment, startDeployment, waitFor } from './support/distributed-deployment.js';
import { registerMinuteModel } from './support/registry-models.js';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const enabled = Boolean(databaseUrl && redisUrl);
if (!enabled && process.env.CI === 'true')
  throw new Error('CI=true but DATABASE_URL or REDIS_URL is not set: the distributed ML test cannot run');

let deployment: Deployment | undefined;
afterAll(async () => {
  await deployment?.dispose();
}, 120_000);

describe.runIf(enabled)('a registry model in multi-process mode', () => {
  it('runs in the Strategy Engine process and its signal is filled through risk, confidence on it', async () => {
    deployment = await startDeployment({
      databaseUrl: databaseUrl as string,
      redisUrl: redisUrl as string,
      beforeStart: async (url) => {
        const database = await openDatabase({ url });
        await registerMinuteModel(database, 'minute-direction', 1);
        await new SqlModelRegistryStore(database, () => Date.now()).promote(
          'minute-direction',
          1,
          'test',
          'first version',
        );
        await database.close();
      },
      yaml: [
        'market:',
        '  speed: 1200',
        '  seed: 31',
        'strategies:',
        '  - id: ml-live',
        '    kind: ml-model',
        '    symbols: [AAPL]',
        '    parameters: { enterAbove: 0.5, exitBelow: 0.5, driftWindow: 10 }',
        '    model: { name: minute-direction }',
        'risk_limits:',
        '  max_price_age: 4h',
        '  max_position_size: 0.5',
        'execution:',
        '  max_approval_age: 4h',
        'logging:',
        '  level: warn',
      ],
    });
    const { database } = deployment;
    const [fill] = await waitFor(
      () =>
        database.query<{ side: string; strength: number; payload: string }>(
          `SELECT t.side, s.strength, s.payload::text AS payload
             FROM trades t JOIN orders o ON o.id = t.order_id JOIN signals s ON s.id = o.signal_id
            WHERE t.strategy_id = 'ml-live' ORDER BY t.executed_at LIMIT 1`,
        ),
      (rows) => rows.length > 0,
      240_000,
      'a fill of ml-live',
    );
    const signal = JSON.parse(fill?.payload ?? '{}') as SignalGenerated;
    expect(fill?.side).toBe('BUY');
    expect(signal.model).toMatchObject({ name: 'minute-direction', version: 1 });
    expect(signal.model?.probability).toBeGreaterThan(0.5);
    expect(fill?.strength).toBeCloseTo(signal.model?.probability ?? -1, 12);

    const engine = deployment.url('strategy-engine');
    const drift = await waitFor(
      async () =>
        (await (await fetch(`${engine}/models/drift`, { headers: testAdminHeaders })).json()) as {
          strategyId: string;
          resolved: number;
          state: string;
        }[],
      (rows) => (rows[0]?.resolved ?? 0) >= 10,
      120_000,
      'ten resolved predictions',
    );
    expect(drift[0]).toMatchObject({ strategyId: 'ml-live', model: 'minute-direction', version: 1 });
    expect(['in-band', 'below-band', 'above-band']).toContain(drift[0]?.state);
  }, 420_000);
});
