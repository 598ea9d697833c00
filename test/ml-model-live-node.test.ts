// A model trained here, registered and promoted in the model registry on real PostgreSQL, runs in the
// one-process node as a configured `ml-model` strategy: its signals carry the model's confidence and
// reach fills through risk on the paper venue; the drift monitor raises a notification when a model's
// live accuracy leaves its backtested band. Then the built CLI (`ats models`, `ats strategies`) is
// spawned against the running node: list, show, compare, promote, roll back, train; list, disable,
// enable (audited).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SignalGenerated } from '@ats/core';
import { openDatabase, SqlModelRegistryStore } from '@ats/persistence';
import {
  createLogger,
  loadConfig,
  type RunningNode,
  startOneProcessNode,
  testAdminHeaders,
  testBootstrapKey,
  testSecurityOverrides,
} from '@ats/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from './support/dashboard-platform.js';
import { minuteFeatures, registerMinuteModel, registerOnnxModel } from './support/registry-models.js';

const main = fileURLToPath(new URL('../apps/cli/dist/main.cjs', import.meta.url));
if (process.env.CI === 'true' && !process.env.DATABASE_URL)
  throw new Error('CI=true but DATABASE_URL is not set: the ML live node test cannot run');

let node: RunningNode | undefined;
let database: Awaited<ReturnType<typeof freshDatabase>> = null;
let folder = '';

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeout: number, what: string) {
  const deadline = Date.now() + timeout;
  let value = await probe();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await probe();
  }
  return value;
}

/** Runs the built CLI against the node (asynchronously: the node answers from this same process). */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [main, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: folder,
        ATS_API_KEY: testBootstrapKey,
        ATS_STRATEGY_ENGINE_URL: `${node?.url}/api/strategy-engine`,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'ats-ml-node-'));
  database = await freshDatabase();
  if (!database) return;
  // The registry before the node: v1 and v2 trained on different data, v2 promoted (its production
  // version is what `model: { name }` runs); `drifting` claims a backtested accuracy no random walk
  // can keep, so its drift monitor must fire.
  const setup = await openDatabase({ url: database.url });
  await registerMinuteModel(setup, 'minute-direction', 1);
  await registerMinuteModel(setup, 'minute-direction', 2);
  await new SqlModelRegistryStore(setup, () => Date.now()).promote(
    'minute-direction',
    2,
    'test',
    'the newer window',
  );
  await registerMinuteModel(setup, 'drifting', 3, {
    accuracy: 0.97,
    foldAccuracyLow: 0.96,
    foldAccuracyHigh: 0.98,
  });
  // An ONNX model (asynchronous inference) behind the same configuration.
  await registerOnnxModel(setup, 'onnx-logistic');
  await setup.close();

  const config = loadConfig({
    directory: join(folder, 'no-config-files'),
    env: {},
    overrides: {
      ...testSecurityOverrides,
      database: { url: database.url },
      backups: { directory: join(folder, 'backups') },
      status_interval_seconds: 0,
      market: { speed: 2400, seed: 5 },
      risk_limits: { max_position_size: 0.5 },
      strategies: [
        {
          id: 'ml-live',
          kind: 'ml-model',
          symbols: ['AAPL'],
          // Both thresholds at one half: the model changes its mind often enough to trade in a test.
          parameters: { enterAbove: 0.5, exitBelow: 0.5, driftWindow: 10 },
          model: { name: 'minute-direction' },
        },
        {
          id: 'ml-drifting',
          kind: 'ml-model',
          symbols: ['MSFT'],
          // 30 predictions: the band's low edge is 0.96 − 3 × 0.031 ≈ 0.87, out of a coin's reach.
          parameters: { enterAbove: 0.5, exitBelow: 0.5, driftWindow: 30 },
          model: { name: 'drifting', version: 1 },
        },
        {
          id: 'ml-onnx',
          kind: 'ml-model',
          symbols: ['JPM'],
          parameters: { enterAbove: 0.5, exitBelow: 0.5 },
          model: { name: 'onnx-logistic', version: 1 },
        },
      ],
    },
  });
  node = await startOneProcessNode({
    config,
    logger: createLogger({ level: 'silent', service: 'test' }),
    port: 0,
    print: () => undefined,
  });
}, 180_000);

afterAll(async () => {
  await node?.stop();
  await database?.drop();
  if (folder) rmSync(folder, { recursive: true, force: true });
}, 60_000);

const api = async <T>(method: string, url: string, payload?: unknown): Promise<T> => {
  const answer = await (node as RunningNode).app.inject({
    headers: testAdminHeaders,
    method: method as 'GET',
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return answer.json() as T;
};

describe.skipIf(!process.env.DATABASE_URL)('a registry model in the running node', () => {
  it('trades: a signal carrying the production version and its confidence, filled through risk', async () => {
    const running = node as RunningNode;
    // A fill of the model strategy, traced back through its order to the signal that caused it.
    const traced = await until(
      () =>
        running.database.query<{ side: string; quantity: number; strength: number; payload: string }>(
          `SELECT t.side, t.quantity, s.strength, s.payload::text AS payload
             FROM trades t JOIN orders o ON o.id = t.order_id JOIN signals s ON s.id = o.signal_id
            WHERE t.strategy_id = 'ml-live' ORDER BY t.executed_at LIMIT 1`,
        ),
      (rows) => rows.length > 0,
      150_000,
      'a fill of ml-live',
    );
    const [fill] = traced;
    const signal = JSON.parse(fill?.payload ?? '{}') as SignalGenerated;
    expect(fill?.side).toBe('BUY');
    expect(signal.direction).toBe('LONG');
    // The production version (v2), and the signal's strength is the model's probability of a rise.
    expect(signal.model).toMatchObject({ name: 'minute-direction', version: 2 });
    expect(signal.model?.probability).toBeGreaterThan(0.5);
    expect(signal.model?.probability).toBeLessThanOrEqual(1);
    expect(fill?.strength).toBeCloseTo(signal.model?.probability ?? -1, 12);
    const listed = await api<{ id: string; kind: string; parameters: Record<string, unknown> }[]>(
      'GET',
      '/api/strategy-engine/strategies',
    );
    expect(listed.find((strategy) => strategy.id === 'ml-live')).toMatchObject({
      kind: 'ml-model',
      parameters: { model: 'minute-direction', modelVersion: 'production' },
    });
  }, 200_000);

  it('trades an ONNX model the same way: its asynchronous answers become signals that are filled', async () => {
    const running = node as RunningNode;
    const [fill] = await until(
      () =>
        running.database.query<{ side: string; strength: number; payload: string }>(
          `SELECT t.side, s.strength, s.payload::text AS payload
             FROM trades t JOIN orders o ON o.id = t.order_id JOIN signals s ON s.id = o.signal_id
            WHERE t.strategy_id = 'ml-onnx' ORDER BY t.executed_at LIMIT 1`,
        ),
      (rows) => rows.length > 0,
      150_000,
      'a fill of ml-onnx',
    );
    const signal = JSON.parse(fill?.payload ?? '{}') as SignalGenerated;
    expect(fill?.side).toBe('BUY');
    expect(signal.model).toMatchObject({ name: 'onnx-logistic', version: 1 });
    expect(signal.model?.probability).toBeGreaterThan(0.5);
    expect(fill?.strength).toBeCloseTo(signal.model?.probability ?? -1, 12);
    // No metrics stored: no band to watch, and the board says so.
    const drift = await api<{ strategyId: string; state: string }[]>(
      'GET',
      '/api/strategy-engine/models/drift',
    );
    expect(drift.find((row) => row.strategyId === 'ml-onnx')?.state).toBe('no-band');
  }, 200_000);

  it('alerts when a model’s live accuracy leaves its backtested band, and shows each model’s drift', async () => {
    const running = node as RunningNode;
    const [alert] = await until(
      () =>
        running.database.query<{ kind: string; title: string; message: string; severity: string }>(
          // The honest model may leave its band too (a random walk is not its training data), so
          // its alerts may come first: this looks for the drifting model's.
          `SELECT kind, title, message, severity FROM notifications
            WHERE kind = 'model_drift' AND title LIKE 'Model drifting %' ORDER BY id`,
        ),
      (rows) => rows.length > 0,
      150_000,
      'a model drift notification',
    );
    expect(alert?.title).toBe('Model drifting v1: live accuracy below its backtested band');
    const metrics = await (node as RunningNode).app.inject({
      headers: testAdminHeaders,
      method: 'GET',
      url: '/metrics',
    });
    expect(metrics.body).toMatch(
      /ats_model_drift_alerts_total\{strategy="ml-drifting",state="below-band"[^}]*\} [1-9]/,
    );
    expect(alert?.message).toMatch(/over the last 30 predictions; backtested band/);
    const drift = await api<{ strategyId: string; state: string; accuracy: number | null; band: unknown }[]>(
      'GET',
      '/api/strategy-engine/models/drift',
    );
    const drifting = drift.find((row) => row.strategyId === 'ml-drifting');
    expect(drifting).toMatchObject({ model: 'drifting', version: 1, state: 'below-band', window: 30 });
    expect(drifting?.accuracy).toBeLessThan(0.86);
    expect((drifting?.band as { low: number } | undefined)?.low).toBeCloseTo(
      0.96 - 3 * Math.sqrt((0.97 * 0.03) / 30),
      12,
    );
    // The honest model has a band from its own folds; it is watched too (it may be in or out of it).
    expect(drift.find((row) => row.strategyId === 'ml-live')).toMatchObject({ model: 'minute-direction' });
    expect(drift.find((row) => row.strategyId === 'ml-live')?.band).not.toBeNull();
  }, 200_000);

  it('ats models: list, show, compare, promote, roll back, promotions', async () => {
    const list = await cli(['models', 'list']);
    expect(list.stderr).toBe('');
    expect(list.status).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    // By name, then version.
    expect(lines[0]).toMatch(/^drifting\s+v1\s.*accuracy 0\.970$/);
    expect(lines[1]).toMatch(/^minute-direction\s+v1\s+logistic-regression\s+candidate\s/);
    expect(lines[2]).toMatch(/^minute-direction\s+v2\s+logistic-regression\s+production\s/);
    expect(lines[3]).toMatch(/^onnx-logistic\s+v1\s+onnx\s+candidate\s.*accuracy -$/);
    const filtered = await cli(['models', 'list', '--name', 'drifting']);
    expect(filtered.stdout.trim().split('\n')).toHaveLength(1);

    const show = await cli(['models', 'show', 'minute-direction', '2']);
    expect(show.status).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({
      name: 'minute-direction',
      version: 2,
      status: 'production',
      horizonBars: 1,
      features: minuteFeatures,
    });

    const compare = await cli(['models', 'compare', 'minute-direction', '1', '2']);
    expect(compare.status).toBe(0);
    expect(compare.stdout).toContain('accuracy');

    const promote = await cli(['models', 'promote', 'minute-direction', '1', '--reason', 'back to v1']);
    expect(promote.stderr).toBe('');
    expect(promote.status).toBe(0);
    const afterPromote = await api<{ models: { version: number; status: string }[] }>(
      'GET',
      '/api/strategy-engine/models?name=minute-direction',
    );
    expect(afterPromote.models.map((model) => [model.version, model.status])).toEqual([
      [1, 'production'],
      [2, 'candidate'],
    ]);

    const rollback = await cli(['models', 'rollback', 'minute-direction', '--reason', 'v1 was worse']);
    expect(rollback.status).toBe(0);
    const afterRollback = await api<{ models: { version: number; status: string }[] }>(
      'GET',
      '/api/strategy-engine/models?name=minute-direction',
    );
    expect(afterRollback.models.map((model) => [model.version, model.status])).toEqual([
      [1, 'retired'],
      [2, 'production'],
    ]);
    const promotions = await cli(['models', 'promotions', 'minute-direction']);
    expect(promotions.status).toBe(0);
    expect(promotions.stdout).toMatch(/promote[\s\S]*promote[\s\S]*rollback/);

    // Training on bundled daily data registers a new model through the REST API.
    const train = await cli(['models', 'train', '--name', 'orcl-direction', '--kind', 'logistic-regression']);
    expect(train.stderr).toBe('');
    expect(train.status).toBe(0);
    expect(train.stdout).toMatch(/registered orcl-direction version 1 \(candidate\)/);

    // Refusals name what is wrong, and exit non-zero.
    const missing = await cli(['models', 'show', 'minute-direction', '9']);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('model minute-direction version 9 does not exist');
    const noSecond = await cli(['models', 'rollback', 'drifting', '--reason', 'none']);
    expect(noSecond.status).not.toBe(0);
    expect(noSecond.stderr).toContain('model drifting has no production version to roll back');
    const badVersion = await cli(['models', 'show', 'minute-direction', 'two']);
    expect(badVersion.status).not.toBe(0);
    expect(badVersion.stderr).toContain("version: 'two' must be a whole number of at least 1");
  }, 120_000);

  it('ats strategies: list, disable and enable (stored and audited)', async () => {
    const list = await cli(['strategies', 'list']);
    expect(list.stderr).toBe('');
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/ml-live/);
    expect(list.stdout).toMatch(/ml-drifting/);

    const disable = await cli(['strategies', 'disable', 'ml-live', '--reason', 'cli test']);
    expect(disable.stderr).toBe('');
    expect(disable.status).toBe(0);
    let flags = await api<{ strategyId: string; enabled: boolean }[]>(
      'GET',
      '/api/strategy-engine/strategies/flags',
    );
    expect(flags).toContainEqual(expect.objectContaining({ strategyId: 'ml-live', enabled: false }));
    expect((node as RunningNode).kernel.strategies.isEnabled('ml-live')).toBe(false);

    const enable = await cli(['strategies', 'enable', 'ml-live', '--reason', 'cli test done']);
    expect(enable.status).toBe(0);
    flags = await api('GET', '/api/strategy-engine/strategies/flags');
    expect(flags).toContainEqual(expect.objectContaining({ strategyId: 'ml-live', enabled: true }));
    expect((node as RunningNode).kernel.strategies.isEnabled('ml-live')).toBe(true);

    const unknown = await cli(['strategies', 'disable', 'nobody']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('404');

    // Both changes are in the audit trail, newest first, with what changed and why.
    const audited = await until(
      () =>
        api<{ records: { object: string; detail: string }[] }>(
          'GET',
          '/api/audit/records?action=strategy.flag_changed',
        ),
      (answer) => answer.records.filter((record) => record.object === 'ml-live').length >= 2,
      30_000,
      'two audited flag changes',
    );
    const details = audited.records
      .filter((record) => record.object === 'ml-live')
      .map((record) => JSON.parse(record.detail) as { enabled: boolean; was: boolean; reason: string });
    expect(details).toContainEqual(
      expect.objectContaining({ enabled: false, was: true, reason: 'cli test' }),
    );
    expect(details).toContainEqual(
      expect.objectContaining({ enabled: true, was: false, reason: 'cli test done' }),
    );
  }, 120_000);
});
