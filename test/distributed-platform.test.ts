// The multi-process mode on the real servers: every service in its own process over Redis and PostgreSQL,
// the Strategy Engine and the Data Collector as two instances each partitioned by symbol, trading until
// a fill reaches the portfolio.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createLogger,
  freePort,
  loadConfig,
  type RunningPlatform,
  startDistributedPlatform,
  testAdminHeaders,
  testCredentialEnvironment,
} from '@ats/services';
import { afterAll, describe, expect, it } from 'vitest';
import { assertRedisReachable } from './redis-availability.js';
import { createFreshDatabase } from './support/fresh-database.js';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const enabled = Boolean(databaseUrl && redisUrl);
if (!enabled) {
  if (process.env.CI === 'true')
    throw new Error('CI=true but DATABASE_URL or REDIS_URL is not set: the distributed test cannot run');
  console.warn('distributed platform test: DATABASE_URL and REDIS_URL are not both set; skipped');
}

let platform: RunningPlatform | null = null;
let dropDatabase: (() => Promise<void>) | null = null;
afterAll(async () => {
  await platform?.stop();
  await dropDatabase?.();
});

describe.runIf(enabled)('multi-process mode', () => {
  it('starts each service in its own process, two Strategy Engine and two Data Collector instances splitting the symbols, and a fill reaches the portfolio', async () => {
    await assertRedisReachable();
    // A database of its own on the shared server, dropped afterwards.
    const database = await createFreshDatabase(databaseUrl as string);
    dropDatabase = database.drop;
    const { name, url } = database;
    const ports = {
      security: await freePort(),
      data_collector: await freePort(),
      strategy_engine: await freePort(),
      risk_manager: await freePort(),
      trade_executor: await freePort(),
      scheduler: await freePort(),
      backtesting: await freePort(),
      audit: await freePort(),
      notifications: await freePort(),
      monitoring: await freePort(),
    };
    const directory = mkdtempSync(join(tmpdir(), 'ats-distributed-'));
    writeFileSync(
      join(directory, 'default.yaml'),
      [
        'services:',
        ...Object.entries(ports).map(([service, port]) => `  ${service}: ${port}`),
        'deployment:',
        `  name: it-${name}`,
        'market:',
        '  speed: 2400',
        '  seed: 11',
        'strategies:',
        '  - id: fast-cross',
        '    kind: sma-cross',
        '    symbols: [AAPL, MSFT, JPM, XOM, JNJ]',
        '    parameters: { fast: 3, slow: 8 }',
        // Two instances of each service partitioned by symbol (the second on the service port + 100).
        'strategy_engine:',
        '  partition_by_symbol: true',
        '  instances: 2',
        'data_collector:',
        '  partition_by_symbol: true',
        '  instances: 2',
        'backups:',
        `  directory: ${JSON.stringify(join(directory, 'backups'))}`,
        'logging:',
        '  level: warn',
        '',
      ].join('\n'),
    );
    process.env.ATS_CONFIG_DIR = directory;
    process.env.DATABASE_URL = url;
    Object.assign(process.env, testCredentialEnvironment);
    const config = loadConfig({ directory });
    const lines: string[] = [];
    const main = fileURLToPath(new URL('../apps/cli/dist/main.cjs', import.meta.url));
    platform = await startDistributedPlatform({
      config,
      logger: createLogger({ level: 'silent', service: 'test' }),
      command: [process.execPath, main],
      onLine: (line) => lines.push(line),
    });
    const up = lines
      .filter((line) => /^\[ats\] \S+ up \(healthy/.test(line))
      .map((line) => line.split(' ')[1]);
    // Healthy wave by wave (within a wave the services start together, in any order): Audit and
    // Security, then the five that consume market data, then the Data Collector, the feed, with the
    // notification and Monitoring services.
    expect(new Set(up.slice(0, 2))).toEqual(new Set(['audit', 'security']));
    expect(new Set(up.slice(2, 8))).toEqual(
      new Set([
        'trade-executor',
        'risk-manager',
        'strategy-engine',
        'strategy-engine-2',
        'scheduler',
        'backtesting',
      ]),
    );
    expect(new Set(up.slice(8))).toEqual(
      new Set(['data-collector', 'data-collector-2', 'notifications', 'monitoring']),
    );
    // Each pair of instances splits the five symbols between them: every symbol held, none twice.
    const symbolsOf = async (port: number) =>
      (
        (await (await fetch(`http://127.0.0.1:${port}/health`, { headers: testAdminHeaders })).json()) as {
          detail: { symbols?: string[] };
        }
      ).detail.symbols ?? [];
    for (const port of [ports.strategy_engine, ports.data_collector]) {
      const deadline = Date.now() + 30_000;
      let split: string[][] = [];
      while (Date.now() < deadline) {
        split = [await symbolsOf(port), await symbolsOf(port + 100)];
        if (split[0]?.length && split[1]?.length && split.flat().length === 5) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(split[0]?.length, `instances on ${port} and ${port + 100}`).toBeGreaterThan(0);
      expect(split[1]?.length, `instances on ${port} and ${port + 100}`).toBeGreaterThan(0);
      expect(split.flat().sort()).toEqual(['AAPL', 'JNJ', 'JPM', 'MSFT', 'XOM']);
    }

    const executor = `http://127.0.0.1:${ports.trade_executor}`;
    const deadline = Date.now() + 60_000;
    let trades: unknown[] = [];
    let portfolio: { positions: { netQuantity: number }[]; cash: string } = {
      positions: [],
      cash: '100000.0000',
    };
    while (Date.now() < deadline) {
      trades = (await (await fetch(`${executor}/trades`, { headers: testAdminHeaders })).json()) as unknown[];
      portfolio = (await (
        await fetch(`${executor}/portfolio`, { headers: testAdminHeaders })
      ).json()) as typeof portfolio;
      if (trades.length > 0 && portfolio.cash !== '100000.0000') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(trades.length).toBeGreaterThan(0);
    expect(portfolio.cash).not.toBe('100000.0000');
    // portfolio_positions is a projection written behind the fills (by the recorder, after the in-memory
    // portfolio has moved), so it is awaited rather than read once: a single read raced the write.
    let positions: unknown[] = [];
    const positionsDeadline = Date.now() + 20_000;
    while (Date.now() < positionsDeadline) {
      positions = (await (
        await fetch(`${executor}/positions`, { headers: testAdminHeaders })
      ).json()) as unknown[];
      if (positions.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(positions.length).toBeGreaterThan(0);
    // The Audit service kept the fills from the bus, and the executor's process appended its API calls
    // to the same chain, which verifies.
    const audit = `http://127.0.0.1:${ports.audit}`;
    let fillsAudited: unknown[] = [];
    const auditDeadline = Date.now() + 20_000;
    while (Date.now() < auditDeadline && fillsAudited.length === 0) {
      fillsAudited = (
        (await (
          await fetch(`${audit}/records?action=order.OrderFilled`, { headers: testAdminHeaders })
        ).json()) as { records: unknown[] }
      ).records;
      if (fillsAudited.length === 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(fillsAudited.length).toBeGreaterThan(0);
    const calls = (await (
      await fetch(`${audit}/records?action=http.GET&object=/trades`, { headers: testAdminHeaders })
    ).json()) as {
      records: { source: string }[];
    };
    expect(calls.records.length).toBeGreaterThan(0);
    expect(
      ((await (await fetch(`${audit}/verify`, { headers: testAdminHeaders })).json()) as { ok: boolean }).ok,
    ).toBe(true);
    const health = (await (
      await fetch(`http://127.0.0.1:${ports.scheduler}/services`, { headers: testAdminHeaders })
    ).json()) as Record<string, { status: string }>;
    expect(Object.values(health).every((service) => service.status === 'up')).toBe(true);
    for (const port of Object.values(ports)) {
      const metrics = await (
        await fetch(`http://127.0.0.1:${port}/metrics`, { headers: testAdminHeaders })
      ).text();
      expect(metrics).toContain('ats_');
    }

    // Kill the Risk Manager: the supervisor restarts it and its health turns green again.
    const victim = platform.supervisor.statuses().find((status) => status.name === 'risk-manager');
    process.kill(victim?.pid as number, 'SIGKILL');
    const restartDeadline = Date.now() + 30_000;
    let restarted = platform.supervisor.statuses().find((status) => status.name === 'risk-manager');
    while (Date.now() < restartDeadline && !(restarted?.state === 'up' && restarted.restarts === 1)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      restarted = platform.supervisor.statuses().find((status) => status.name === 'risk-manager');
    }
    expect(restarted).toMatchObject({ state: 'up', restarts: 1 });
    expect(restarted?.pid).not.toBe(victim?.pid);
    expect((await fetch(`http://127.0.0.1:${ports.risk_manager}/health`)).status).toBe(200);
    expect(lines.some((line) => /^\[ats\] risk-manager down \(exited \(SIGKILL\)\)/.test(line))).toBe(true);

    await platform.stop();
    platform = null;
    const stops = lines
      .filter((line) => /^\[ats\] \S+ stopped \(/.test(line))
      .map((line) => line.split(' ')[1]);
    expect(stops).toEqual([
      'monitoring',
      'notifications',
      'data-collector-2',
      'data-collector',
      'backtesting',
      'scheduler',
      'strategy-engine-2',
      'strategy-engine',
      'risk-manager',
      'trade-executor',
      'security',
      'audit',
    ]);
  }, 180_000);
});
