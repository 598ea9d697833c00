// `ats dr drill` on PostgreSQL: a database with an account, an order, its fill and the position, backed
// up with pg_dump, restored into a fresh database where every integrity check passes and RTO and RPO
// are reported; a backup whose position disagrees with its trades fails the drill, naming the check.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, PostgresDatabase } from '@ats/persistence';
import { backUpDatabase, formatDrillReport, loadConfig, runRestoreDrill } from '@ats/services';
import { afterAll, describe, expect, it } from 'vitest';

const serverUrl = process.env.DATABASE_URL;
const folder = mkdtempSync(join(tmpdir(), 'ats-drill-test-'));
const sourceName = `ats_drill_source_${randomBytes(4).toString('hex')}`;
let admin: PostgresDatabase | null = null;
afterAll(async () => {
  await admin?.query(`DROP DATABASE IF EXISTS ${sourceName}`);
  await admin?.close();
  rmSync(folder, { recursive: true, force: true });
});

const urlOf = (name: string) => {
  const url = new URL(serverUrl as string);
  url.pathname = `/${name}`;
  return url.toString();
};

describe.runIf(serverUrl)('the restore drill (PostgreSQL)', () => {
  it('restores the newest backup into a fresh database, passes every check, prints RTO and RPO; fails on a position that disagrees with its trades', async () => {
    admin = await PostgresDatabase.open({ url: serverUrl as string, maxConnections: 1 });
    await admin.query(`CREATE DATABASE ${sourceName}`);
    const source = await PostgresDatabase.open({ url: urlOf(sourceName), maxConnections: 2 });
    const config = loadConfig({
      directory: join(folder, 'no-config'),
      env: {},
      overrides: { database: { url: urlOf(sourceName), data_directory: join(folder, 'data', 'pglite') } },
    });
    try {
      await migrate(source);
      await source.query(`INSERT INTO accounts (account_id, starting_cash) VALUES ('paper', '100000.0000')`);
      const [order] = await source.query<{ id: string }>(
        `INSERT INTO orders (symbol, order_type, side, quantity, status, account_id, filled_quantity, avg_fill_price)
         VALUES ('AAPL', 'MARKET', 'BUY', 100, 'FILLED', 'paper', 100, '190.1200') RETURNING id`,
      );
      await source.query(
        `INSERT INTO trades (order_id, symbol, side, quantity, executed_price, commission, executed_at, venue, execution_id, account_id)
         VALUES ($1, 'AAPL', 'BUY', 100, '190.1200', '1.0000', NOW(), 'PAPER', 'drill-1', 'paper')`,
        [order?.id],
      );
      await source.query(
        `INSERT INTO paper_venue_executions (venue, execution_id, order_id, venue_order_id, symbol, side, quantity, price, commission, executed_at)
         VALUES ('PAPER', 'drill-1', $1, 'venue-1', 'AAPL', 'BUY', 100, '190.1200', '1.0000', NOW())`,
        [order?.id],
      );
      await source.query(
        `INSERT INTO portfolio_positions (account_id, symbol, quantity, avg_cost) VALUES ('paper', 'AAPL', 100, '190.1200')`,
      );
      const good = await backUpDatabase({
        database: source,
        folder: join(folder, 'backups'),
        now: Date.now(),
      });

      const report = await runRestoreDrill(config, { backup: good.file });
      const lines = formatDrillReport(report);
      console.log(lines.join('\n'));
      expect(report.checks.map((check) => [check.name, check.ok])).toEqual([
        ['positions equal the trades', true],
        ['orders reconcile with their fills', true],
        ['the paper venue reconciles with the trades', true],
        ['no execution recorded twice', true],
        ['the audit chain verifies', true],
        ['cash rebuilt from the trades', true],
      ]);
      expect(report.checks.at(-1)?.detail).toBe('paper 80987.0000');
      expect(report.ok).toBe(true);
      expect(lines.some((line) => /^RTO \d+\.\d s/.test(line))).toBe(true);
      expect(lines.some((line) => /^RPO \d+\.\d s/.test(line))).toBe(true);
      // The drill database is dropped afterwards.
      const left = await admin.query(`SELECT datname FROM pg_database WHERE datname = $1`, [
        report.restoredInto,
      ]);
      expect(left).toEqual([]);

      await source.query(`UPDATE portfolio_positions SET quantity = 90 WHERE symbol = 'AAPL'`);
      const bad = await backUpDatabase({
        database: source,
        folder: join(folder, 'backups'),
        now: Date.now() + 1_000,
      });
      const failed = await runRestoreDrill(config, { backup: bad.file });
      expect(failed.ok).toBe(false);
      expect(failed.checks.find((check) => !check.ok)?.name).toBe('positions equal the trades');
    } finally {
      await source.close();
    }
  }, 180_000);
});
