// Point-in-time recovery on a throwaway PostgreSQL cluster of the test's own (initdb in a temporary
// folder, a free loopback port; the machine's server is never touched): WAL archiving on, a base
// backup, two fills, and a recovery to a timestamp between them restores exactly the first.
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  handToPostgresUser,
  migrate,
  PostgresDatabase,
  postgresProgramFolder,
  type RecoveredServer,
  restoreToPointInTime,
  runPostgresProgram,
  takeBaseBackup,
} from '@ats/persistence';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, sleep } from './support/distributed-deployment.js';

const available = postgresProgramFolder() !== null;
if (!available && process.env.CI === 'true')
  throw new Error('CI=true but PostgreSQL server programs are missing');

const folder = mkdtempSync(join(tmpdir(), 'ats-pitr-'));
const primaryData = join(folder, 'primary');
const archive = join(folder, 'wal-archive');
let primaryStarted = false;
let recovered: RecoveredServer | null = null;
afterAll(() => {
  recovered?.stop();
  if (primaryStarted) runPostgresProgram('pg_ctl', ['-D', primaryData, '-m', 'immediate', '-w', 'stop']);
  rmSync(folder, { recursive: true, force: true });
});

async function insertFill(database: PostgresDatabase, execution: string, quantity: number): Promise<void> {
  await database.transaction(async (transaction) => {
    const [order] = await transaction.query<{ id: string }>(
      `INSERT INTO orders (symbol, order_type, side, quantity, status, account_id, filled_quantity, avg_fill_price)
       VALUES ('AAPL', 'MARKET', 'BUY', $1, 'FILLED', 'paper', $1, '190.1200') RETURNING id`,
      [quantity],
    );
    await transaction.query(
      `INSERT INTO trades (order_id, symbol, side, quantity, executed_price, commission, executed_at, venue, execution_id, account_id)
       VALUES ($1, 'AAPL', 'BUY', $2, '190.1200', '1.0000', NOW(), 'PAPER', $3, 'paper')`,
      [order?.id, quantity, execution],
    );
  });
}

describe.runIf(available)('point-in-time recovery (a throwaway PostgreSQL cluster)', () => {
  it('restores to a timestamp between two fills exactly the first', async () => {
    mkdirSync(archive);
    handToPostgresUser(folder);
    runPostgresProgram('initdb', ['-D', primaryData, '-U', 'postgres', '-A', 'trust', '--no-sync']);
    const port = await freePort();
    appendFileSync(
      join(primaryData, 'postgresql.conf'),
      [
        `port = ${port}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${primaryData}'`,
        'wal_level = replica',
        'archive_mode = on',
        `archive_command = 'cp %p "${archive}/%f"'`,
        'max_wal_senders = 4',
        'fsync = off',
        '',
      ].join('\n'),
    );
    runPostgresProgram('pg_ctl', [
      '-D',
      primaryData,
      '-l',
      join(primaryData, 'server.log'),
      '-w',
      '-t',
      '120',
      'start',
    ]);
    primaryStarted = true;
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const database = await PostgresDatabase.open({ url, maxConnections: 2 });
    try {
      await migrate(database);
      const base = takeBaseBackup(url, join(folder, 'base'));
      await insertFill(database, 'first-fill', 100);
      await sleep(1_100);
      const between = new Date();
      await sleep(1_100);
      await insertFill(database, 'second-fill', 50);
      // Close the WAL segment holding both fills so archive_command copies it.
      const [segment] = await database.query<{ name: string }>(
        'SELECT pg_walfile_name(pg_switch_wal()) AS name',
      );
      for (let waited = 0; ; waited += 100) {
        const [archived] = await database.query<{ last: string | null }>(
          'SELECT last_archived_wal AS last FROM pg_stat_archiver',
        );
        if (archived?.last && archived.last >= (segment?.name ?? '')) break;
        if (waited > 60_000) throw new Error('the WAL segment was not archived');
        await sleep(100);
      }
      expect(base.startedAt.getTime()).toBeLessThan(between.getTime());

      recovered = await restoreToPointInTime({
        baseBackup: base.folder,
        walArchive: archive,
        target: between,
        dataDirectory: join(folder, 'recovered'),
        port: await freePort(),
      });
      const restored = await PostgresDatabase.open({ url: recovered.url('postgres'), maxConnections: 1 });
      try {
        const trades = await restored.query<{ execution_id: string; quantity: number }>(
          'SELECT execution_id, quantity FROM trades ORDER BY sequence',
        );
        expect(trades).toEqual([{ execution_id: 'first-fill', quantity: 100 }]);
        const [orders] = await restored.query<{ count: string }>('SELECT COUNT(*) AS count FROM orders');
        expect(Number(orders?.count)).toBe(1);
      } finally {
        await restored.close();
      }
    } finally {
      await database.close();
    }
  }, 240_000);
});
