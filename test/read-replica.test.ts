// database.read_replica_url: a throwaway primary (initdb) and a real streaming replica of it
// (pg_basebackup -R, a hot standby on another loopback port). With the replica's replay paused, the
// Backtesting and Trade Executor services write to the primary and their GET routes do not see the
// new rows; once replay resumes they do: the reads are served by the replica, the writes by the primary.
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  handToPostgresUser,
  migrate,
  PostgresDatabase,
  postgresProgramFolder,
  runPostgresProgram,
} from '@ats/persistence';
import {
  createLogger,
  loadConfig,
  type RunningService,
  startServiceProcess,
  testAdminHeaders,
  testSecurityOverrides,
} from '@ats/services';
import { afterAll, describe, expect, it } from 'vitest';
import { assertRedisReachable, redisUrl } from './redis-availability.js';
import { freePort, waitFor } from './support/distributed-deployment.js';

const available = postgresProgramFolder() !== null && Boolean(redisUrl);
if (!available && process.env.CI === 'true')
  throw new Error(
    'CI=true but PostgreSQL server programs or REDIS_URL are missing: the replica test cannot run',
  );

const folder = mkdtempSync(join(tmpdir(), 'ats-replica-'));
const primaryData = join(folder, 'primary');
const replicaData = join(folder, 'replica');
const started: string[] = [];
const services: RunningService[] = [];
const databases: PostgresDatabase[] = [];
afterAll(async () => {
  for (const service of services) await service.stop().catch(() => {});
  for (const database of databases) await database.close().catch(() => {});
  for (const data of started.reverse())
    runPostgresProgram('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  rmSync(folder, { recursive: true, force: true });
});

function serverSettings(data: string, port: number): string {
  return [
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${data}'`,
    'fsync = off',
    '',
  ].join('\n');
}

function startServer(data: string): void {
  runPostgresProgram('pg_ctl', ['-D', data, '-l', join(data, 'server.log'), '-w', '-t', '120', 'start']);
  started.push(data);
}

async function json(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { headers: testAdminHeaders });
  return { status: response.status, body: await response.json() };
}

describe.runIf(available)('read replica (a primary and its streaming replica on loopback)', () => {
  it('serves the read-only REST endpoints from the replica and writes to the primary', async () => {
    await assertRedisReachable();
    handToPostgresUser(folder);
    runPostgresProgram('initdb', ['-D', primaryData, '-U', 'postgres', '-A', 'trust', '--no-sync']);
    const primaryPort = await freePort();
    appendFileSync(join(primaryData, 'postgresql.conf'), serverSettings(primaryData, primaryPort));
    startServer(primaryData);
    const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/postgres`;
    const primary = await PostgresDatabase.open({ url: primaryUrl, maxConnections: 2 });
    databases.push(primary);
    await migrate(primary);
    // The replica: a base backup that writes its standby settings (-R), on a port of its own.
    runPostgresProgram('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      replicaData,
      '-R',
      '-X',
      'stream',
    ]);
    const replicaPort = await freePort();
    appendFileSync(join(replicaData, 'postgresql.conf'), serverSettings(replicaData, replicaPort));
    startServer(replicaData);
    const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/postgres`;
    const replica = await PostgresDatabase.open({ url: replicaUrl, maxConnections: 1 });
    databases.push(replica);
    const [state] = await replica.query<{ recovering: boolean }>('SELECT pg_is_in_recovery() AS recovering');
    expect(state?.recovering).toBe(true);

    const ports = { backtesting: await freePort(), trade_executor: await freePort() };
    const config = loadConfig({
      directory: '/nonexistent-ats-config',
      env: {},
      overrides: {
        ...testSecurityOverrides,
        secrets: { ...testSecurityOverrides.secrets, jwt_secret: randomBytes(24).toString('hex') },
        deployment: { name: `replica-${randomBytes(4).toString('hex')}` },
        database: { url: primaryUrl, read_replica_url: replicaUrl },
        redis: { url: redisUrl },
        services: ports,
        logging: { level: 'warn' },
      },
    });
    const logger = createLogger({ level: 'silent', service: 'test' });
    for (const service of ['backtesting', 'trade-executor'] as const) {
      services.push(await startServiceProcess({ config, logger, service }));
    }
    const backtesting = `http://127.0.0.1:${ports.backtesting}`;
    const executor = `http://127.0.0.1:${ports.trade_executor}`;
    // Everything so far has reached the replica; then its replay stops.
    await waitFor(
      async () =>
        (
          await replica.query<{ count: string }>(
            "SELECT count(*) AS count FROM pg_tables WHERE tablename = 'backtest_runs'",
          )
        )[0]?.count,
      (count) => count === '1',
      30_000,
      'the schema on the replica',
    );
    await replica.query('SELECT pg_wal_replay_pause()');

    // A write through the API goes to the primary (the standby would refuse it as read-only).
    const submitted = await fetch(`${backtesting}/runs`, {
      method: 'POST',
      headers: { ...testAdminHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({
        strategy: 'sma-cross',
        symbols: ['ORCL'],
        from: '2003-01-01',
        to: '2003-06-30',
      }),
    });
    expect(submitted.status).toBe(202);
    const { id } = (await submitted.json()) as { id: string };
    const [onPrimary] = await primary.query<{ count: string }>(
      'SELECT count(*) AS count FROM backtest_runs WHERE id = $1',
      [id],
    );
    expect(onPrimary?.count).toBe('1');
    // An order written on the primary (as the executor's journal does).
    await primary.query(
      `INSERT INTO orders (symbol, order_type, side, quantity, status, account_id, filled_quantity)
       VALUES ('AAPL', 'MARKET', 'BUY', 7, 'NEW', 'paper', 0)`,
    );
    // The reads come from the paused replica: neither row is there yet.
    expect((await json(`${backtesting}/runs/${id}`)).status).toBe(404);
    expect(((await json(`${backtesting}/runs`)).body as { id: string }[]).some((run) => run.id === id)).toBe(
      false,
    );
    expect((await json(`${executor}/orders`)).body).toEqual([]);

    await replica.query('SELECT pg_wal_replay_resume()');
    const seen = await waitFor(
      () => json(`${backtesting}/runs/${id}`),
      (answer) => answer.status === 200,
      30_000,
      'the run through the replica',
    );
    expect((seen.body as { id: string }).id).toBe(id);
    const orders = await waitFor(
      async () => (await json(`${executor}/orders`)).body as { symbol: string; quantity: unknown }[],
      (list) => list.length === 1,
      30_000,
      'the order through the replica',
    );
    expect(orders[0]?.symbol).toBe('AAPL');
  }, 240_000);
});
