// A configured ml-model strategy built from the registry: the production or the named version, the
// refusals that name what the registry holds, the backtested band, and the drift monitor on the
// running strategy publishing its alert as a model_drift notification.
import {
  type Bar,
  IdGenerator,
  type NotificationRaised,
  type PlatformEvent,
  Price,
  SeededRandom,
  TestClock,
  type Ticker,
  topics,
} from '@ats/core';
import { InProcessMessageBus, StrategyRuntime } from '@ats/engine';
import {
  type FeatureSpec,
  LinearRegressionTrainer,
  LogisticRegressionTrainer,
  type ModelTrainer,
} from '@ats/ml';
import { openTestDatabase, SqlModelRegistryStore, type TestDatabase } from '@ats/persistence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestedBand, buildRegistryModelStrategy } from './registry-model-strategy.js';

const features: FeatureSpec[] = [
  { kind: 'return', period: 1 },
  { kind: 'lagged-return', lag: 1 },
];
const symbol = 'AAPL' as Ticker;
let opened: TestDatabase;
let store: SqlModelRegistryStore;

/** A model fitted on seeded rows, registered with the given metrics. */
async function register(
  name: string,
  task: 'classification' | 'regression',
  metrics: Record<string, number>,
) {
  const random = new SeededRandom(name.length);
  const rows = 200;
  const data = Float64Array.from({ length: rows * 2 }, () => random.nextGaussian());
  const labels = Float64Array.from({ length: rows }, (_, row) =>
    task === 'classification' ? ((data[row * 2] as number) > 0 ? 1 : 0) : (data[row * 2] as number),
  );
  const trainer: ModelTrainer =
    task === 'classification' ? new LogisticRegressionTrainer({}) : new LinearRegressionTrainer({});
  const model = await trainer.fit({ features: { data, rows, columns: 2 }, labels }, { seed: 1 });
  const artifact = await model.toArtifact();
  return store.register({
    name,
    kind: artifact.kind,
    task,
    features,
    parameters: {},
    horizonBars: 1,
    symbols: [symbol],
    trainingFrom: 0,
    trainingTo: 1,
    metrics,
    columns: artifact.columns,
    contextRows: artifact.contextRows,
    artifact: artifact.payload,
  });
}

beforeAll(async () => {
  opened = await openTestDatabase(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  store = new SqlModelRegistryStore(opened.database, () => 0);
  await register('direction', 'classification', {
    accuracy: 0.55,
    foldAccuracyLow: 0.52,
    foldAccuracyHigh: 0.58,
  });
  await register('direction', 'classification', {
    accuracy: 0.99,
    foldAccuracyLow: 0.98,
    foldAccuracyHigh: 1,
  });
  await register('level', 'regression', { accuracy: 0.5 });
}, 60_000);

afterAll(async () => {
  await opened?.dispose();
});

const bus = new InProcessMessageBus();
const clock = new TestClock(0);
const ids = new IdGenerator(new SeededRandom(2));
const entry = (model: { name: string; version?: number }, parameters: Record<string, number> = {}) => ({
  id: 'ml-test',
  symbols: [symbol],
  parameters,
  model,
});

describe('buildRegistryModelStrategy', () => {
  it('refuses a model with no production version, a missing version and an unknown name, saying what exists', async () => {
    await expect(
      buildRegistryModelStrategy(entry({ name: 'direction' }), store, { bus, clock, ids }),
    ).rejects.toThrow(
      'config: strategies[ml-test].model: model direction has no production version (v1 (candidate), v2 (candidate)); promote one or name a version',
    );
    await expect(
      buildRegistryModelStrategy(entry({ name: 'direction', version: 7 }), store, { bus, clock, ids }),
    ).rejects.toThrow('model direction version 7 does not exist (v1 (candidate), v2 (candidate))');
    await expect(
      buildRegistryModelStrategy(entry({ name: 'nothing' }), store, { bus, clock, ids }),
    ).rejects.toThrow('model nothing has no production version (no versions registered)');
  });

  it('refuses a regression model and bad parameters', async () => {
    await expect(
      buildRegistryModelStrategy(entry({ name: 'level', version: 1 }), store, { bus, clock, ids }),
    ).rejects.toThrow('level v1 is a regression model; the ml-model strategy trades on a probability');
    await expect(
      buildRegistryModelStrategy(entry({ name: 'direction', version: 1 }, { driftWindow: 3 }), store, {
        bus,
        clock,
        ids,
      }),
    ).rejects.toThrow('ml-model.driftWindow: 3 must be a whole number in [10, 100000]');
  });

  it('runs the production version once one is promoted', async () => {
    await store.promote('direction', 1, 'test', 'first');
    const built = await buildRegistryModelStrategy(entry({ name: 'direction' }), store, { bus, clock, ids });
    expect(built.version.version).toBe(1);
    expect(built.drift()).toMatchObject({ model: 'direction', version: 1, state: 'warming', accuracy: null });
  });

  it('widens the fold range by the sampling error of the live window', () => {
    const band = backtestedBand({ foldAccuracyLow: 0.52, foldAccuracyHigh: 0.58 }, 100, 3);
    expect(band?.low).toBeCloseTo(0.52 - 3 * Math.sqrt((0.55 * 0.45) / 100), 12);
    expect(band?.high).toBeCloseTo(0.58 + 3 * Math.sqrt((0.55 * 0.45) / 100), 12);
    expect(backtestedBand({ accuracy: 0.6 }, 100, 2)?.low).toBeCloseTo(0.6 - 2 * Math.sqrt(0.24 / 100), 12);
    expect(backtestedBand({ logLoss: 0.6 }, 100, 3)).toBeNull();
  });

  it('publishes a model_drift notification when live accuracy falls below the band, and shows it', async () => {
    const notifications: NotificationRaised[] = [];
    bus.subscribe(topics.allNotifications, (event: PlatformEvent) => {
      if (event.type === 'NotificationRaised') notifications.push(event);
    });
    const alerts: string[] = [];
    // Version 2 claims 98-100% accuracy out of sample: a random walk cannot keep that.
    const built = await buildRegistryModelStrategy(
      entry({ name: 'direction', version: 2 }, { driftWindow: 20 }),
      store,
      { bus, clock, ids, onAlert: (alert) => alerts.push(alert.state) },
    );
    const runtime = new StrategyRuntime({ bus, clock, ids });
    runtime.add(built.strategy);
    const random = new SeededRandom(5);
    let close = 100;
    for (let index = 0; index < 80; index++) {
      const open = close;
      close = open * Math.exp(0.01 * random.nextGaussian());
      const price = (value: number) => Price.of(value.toFixed(4));
      const bar: Bar = {
        symbol,
        timeframe: '1m',
        time: index * 60_000,
        open: price(open),
        high: price(Math.max(open, close)),
        low: price(Math.min(open, close)),
        close: price(close),
        volume: 1,
      };
      runtime.onBar(bar);
    }
    expect(alerts[0]).toBe('below-band');
    const drift = built.drift();
    expect(drift.state).toBe('below-band');
    expect(drift.resolved).toBeGreaterThan(70);
    expect(drift.accuracy).toBeLessThan(drift.band?.low ?? 0);
    expect(notifications[0]).toMatchObject({
      kind: 'model_drift',
      title: 'Model direction v2: live accuracy below its backtested band',
      priority: 8,
    });
  });
});
