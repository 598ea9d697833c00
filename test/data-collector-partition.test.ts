// Two Data Collector processes partitioned by symbol (data_collector.partition_by_symbol, leases in
// Redis): the symbols are split between them, a SIGKILLed instance's symbols are collected by the
// survivor within seconds, and each symbol's quotes are stored only by its lease holder. Each
// instance's simulated market quotes on its own tick size, so the spread of every stored quote names
// the instance that collected it.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, PostgresDatabase } from '@ats/persistence';
import { testAdminHeaders, testCredentialEnvironment } from '@ats/services';
import { afterAll, describe, expect, it } from 'vitest';
import { assertRedisReachable, redisUrl } from './redis-availability.js';
import { freePort, sleep, waitFor } from './support/distributed-deployment.js';

const databaseUrl = process.env.DATABASE_URL;
const enabled = Boolean(databaseUrl && redisUrl);
if (!enabled && process.env.CI === 'true')
  throw new Error('CI=true but DATABASE_URL or REDIS_URL is not set: the partition test cannot run');

const main = fileURLToPath(new URL('../apps/cli/dist/main.js', import.meta.url));
const symbols = ['AAPL', 'MSFT', 'JPM', 'XOM'] as const;
/** Each instance's tick size: a stored quote's spread (1 to 3 ticks) says which instance stored it. */
const tickSizes = { alpha: '0.01', beta: '0.25' } as const;
type Instance = keyof typeof tickSizes;
const deploymentName = `dcpart-${randomBytes(4).toString('hex')}`;
const databaseName = `ats_it_${randomBytes(5).toString('hex')}`;
const directory = mkdtempSync(join(tmpdir(), 'ats-collector-partition-'));
const collectors = new Map<Instance, { child: ChildProcess; port: number; lines: string[] }>();
let admin: PostgresDatabase | null = null;
let database: PostgresDatabase | null = null;

afterAll(async () => {
  for (const { child } of collectors.values()) if (child.exitCode === null) child.kill('SIGKILL');
  await database?.close();
  await admin?.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`).catch(() => {});
  await admin?.close();
  rmSync(directory, { recursive: true, force: true });
});

/** The configuration of one instance: the same deployment, its own tick size. */
function configDirectory(instance: Instance): string {
  const path = join(directory, instance);
  mkdirSync(path);
  writeFileSync(
    join(path, 'default.yaml'),
    [
      'deployment:',
      `  name: ${deploymentName}`,
      'market:',
      '  speed: 60',
      '  instruments:',
      ...symbols.flatMap((symbol) => [
        `    - symbol: ${symbol}`,
        `      tick_size: '${tickSizes[instance]}'`,
      ]),
      'strategies: []',
      'data_collector:',
      '  partition_by_symbol: true',
      '  lease_ttl: 3s',
      'logging:',
      '  level: info',
      '',
    ].join('\n'),
  );
  return path;
}

function startCollector(
  instance: Instance,
  port: number,
  environment: Record<string, string>,
): Promise<void> {
  const lines: string[] = [];
  const child = spawn(
    process.execPath,
    [main, 'service', 'data-collector', '--instance', instance, '--port', String(port)],
    {
      env: { ...process.env, ...environment, ATS_CONFIG_DIR: configDirectory(instance) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  collectors.set(instance, { child, port, lines });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${instance} did not start: ${lines.join('\n')}`)),
      90_000,
    );
    const read = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(line);
      if (lines.some((line) => line.includes('listening on'))) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${instance} exited (${code}): ${lines.join('\n')}`));
    });
  });
}

async function ownedBy(instance: Instance): Promise<string[]> {
  const collector = collectors.get(instance);
  const response = await fetch(`http://127.0.0.1:${collector?.port}/health`, {
    headers: testAdminHeaders,
    signal: AbortSignal.timeout(5_000),
  });
  const health = (await response.json()) as { detail: { symbols?: string[] } };
  return health.detail.symbols ?? [];
}

/** How many leases of the symbol the instance's log says it acquired. */
function acquisitions(instance: Instance, symbol: string): number {
  return (collectors.get(instance)?.lines ?? []).filter(
    (line) => line.includes('symbol lease acquired') && line.includes(`"symbol":"${symbol}"`),
  ).length;
}

/** The instance a stored quote's spread names (one to three ticks of that instance's tick size). */
function instanceOfSpread(spread: number): Instance {
  return spread <= 0.031 ? 'alpha' : 'beta';
}

describe.runIf(enabled)('Data Collector partitioned by symbol (two processes, leases in Redis)', () => {
  it('splits the symbols, stores each symbol’s quotes only from its lease holder, and moves a SIGKILLed instance’s symbols to the survivor within seconds', async () => {
    await assertRedisReachable();
    admin = await PostgresDatabase.open({ url: databaseUrl as string, maxConnections: 1 });
    await admin.query(`CREATE DATABASE ${databaseName}`);
    const url = new URL(databaseUrl as string);
    url.pathname = `/${databaseName}`;
    database = await PostgresDatabase.open({ url: url.toString(), maxConnections: 2 });
    // Migrated once, as the supervisor does before it starts the services.
    await migrate(database);
    const environment = {
      DATABASE_URL: url.toString(),
      REDIS_URL: redisUrl as string,
      ATS_JWT_SECRET: randomBytes(24).toString('hex'),
      ...testCredentialEnvironment,
    };
    await Promise.all([
      startCollector('alpha', await freePort(), environment),
      startCollector('beta', await freePort(), environment),
    ]);
    const split = await waitFor(
      async () => ({ alpha: await ownedBy('alpha'), beta: await ownedBy('beta') }),
      ({ alpha, beta }) => alpha.length === 2 && beta.length === 2,
      30_000,
      'two symbols each',
    );
    expect(new Set([...split.alpha, ...split.beta])).toEqual(new Set(symbols));
    // Both collect for a while: quotes of every symbol are stored.
    await waitFor(
      async () =>
        Number(
          (
            await database?.query<{ count: string }>(
              'SELECT count(DISTINCT symbol) AS count FROM market_quotes',
            )
          )?.[0]?.count,
        ),
      (count) => count === symbols.length,
      30_000,
      'quotes of every symbol stored',
    );
    // The quotes stored while the split holds: after the batches of the start's rebalancing are
    // written (each instance flushes every 250 ms), until just before the kill.
    const lastId = async () =>
      Number(
        (await database?.query<{ last: string }>('SELECT max(id)::text AS last FROM market_quotes'))?.[0]
          ?.last,
      );
    await sleep(3_000);
    const splitFrom = await lastId();
    await sleep(3_000);
    const splitTo = await lastId();
    // The split held all along (a lease lost meanwhile would show here as another split).
    expect(await ownedBy('alpha')).toEqual(split.alpha);
    expect(await ownedBy('beta')).toEqual(split.beta);

    collectors.get('alpha')?.child.kill('SIGKILL');
    const killedAt = Date.now();
    const takeover = await waitFor(
      () => ownedBy('beta'),
      (owned) => owned.length === symbols.length,
      30_000,
      'beta owns every symbol',
    );
    const tookOverAt = Date.now();
    expect(new Set(takeover)).toEqual(new Set(symbols));
    // Within seconds (the lease time is 3 s; the bound is loose for a loaded machine).
    expect(tookOverAt - killedAt).toBeLessThan(15_000);
    const afterTakeover = Number(
      (await database.query<{ last: string }>('SELECT max(id)::text AS last FROM market_quotes'))[0]?.last,
    );
    // The survivor collects alpha's symbols: new quotes of each, stored by beta.
    const collected = await waitFor(
      () =>
        database?.query<{ symbol: string; spread: string }>(
          'SELECT symbol, min(ask - bid)::text AS spread FROM market_quotes WHERE id > $1 GROUP BY symbol',
          [afterTakeover],
        ) ?? Promise.resolve([]),
      (rows) => rows.length === symbols.length,
      30_000,
      'quotes of every symbol after the takeover',
    );
    for (const row of collected) expect(instanceOfSpread(Number(row.spread))).toBe('beta');

    // A clean stop flushes beta's last quotes.
    const beta = collectors.get('beta')?.child;
    const exited = new Promise((resolve) => beta?.once('exit', resolve));
    beta?.kill('SIGTERM');
    await exited;

    // Between the split and the kill, every symbol's stored quotes came from its lease holder alone.
    const stored = await database.query<{ symbol: string; spread: string; count: string }>(
      `SELECT symbol, (ask - bid)::text AS spread, count(*)::text AS count FROM market_quotes
       WHERE id > $1 AND id <= $2 GROUP BY symbol, ask - bid`,
      [splitFrom, splitTo],
    );
    const storedBy = new Map<string, Map<Instance, number>>();
    for (const row of stored) {
      const counts = storedBy.get(row.symbol) ?? new Map<Instance, number>();
      const instance = instanceOfSpread(Number(row.spread));
      counts.set(instance, (counts.get(instance) ?? 0) + Number(row.count));
      storedBy.set(row.symbol, counts);
    }
    for (const symbol of symbols) {
      const holder: Instance = split.alpha.includes(symbol) ? 'alpha' : 'beta';
      const other: Instance = holder === 'alpha' ? 'beta' : 'alpha';
      expect(storedBy.get(symbol)?.get(holder) ?? 0, `${symbol} by ${holder}`).toBeGreaterThan(0);
      expect(storedBy.get(symbol)?.get(other) ?? 0, `${symbol} by ${other}`).toBe(0);
    }
    // alpha's symbols were leased by beta after the kill.
    for (const symbol of split.alpha) expect(acquisitions('beta', symbol)).toBeGreaterThanOrEqual(1);
  }, 300_000);
});
