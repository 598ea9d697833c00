// A TWAP parent under SIGKILL: the one-process node (PostgreSQL) is killed in the middle of the
// parent's schedule and started again; the parent resumes from the store and finishes with exactly
// its quantity, no child placed twice, every child order filled once at the venue.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PostgresDatabase } from '@ats/persistence';
import { testAdminHeaders, testCredentialEnvironment } from '@ats/services';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, sleep, waitFor } from './support/distributed-deployment.js';
import { createFreshDatabase } from './support/fresh-database.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl && process.env.CI === 'true')
  throw new Error('CI=true but DATABASE_URL is not set: the algorithm kill test cannot run');

const main = fileURLToPath(new URL('../apps/cli/dist/main.cjs', import.meta.url));
const children: ChildProcess[] = [];
let lastOutput = '';
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups) await cleanup().catch(() => {});
});

async function startNode(directory: string, url: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [main, 'start', '--port', String(port)], {
    env: {
      ...process.env,
      ...testCredentialEnvironment,
      ATS_CONFIG_DIR: directory,
      DATABASE_URL: url,
      REDIS_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start in 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      if (output.includes('ATS is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node exited with ${code} before it started:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  // Keeps the latest output for a failure's message.
  const keep = (chunk: Buffer) => {
    output = (output + String(chunk)).slice(-4_000);
    lastOutput = output;
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return child;
}

describe.runIf(Boolean(databaseUrl))('SIGKILL in the middle of a TWAP (one-process node, PostgreSQL)', () => {
  it('resumes the parent from the store after a restart and finishes it with exactly its quantity, no child twice', async () => {
    const freshDatabase = await createFreshDatabase(databaseUrl as string, 'ats_algo');
    const { url } = freshDatabase;
    const database = await PostgresDatabase.open({ url, maxConnections: 2 });
    cleanups.push(async () => {
      await database.close();
      await freshDatabase.drop();
    });
    const directory = mkdtempSync(join(tmpdir(), 'ats-algorithm-kill-'));
    writeFileSync(
      join(directory, 'default.yaml'),
      [
        'market:',
        '  speed: 120',
        '  seed: 11',
        'strategies: []',
        'risk_limits:',
        '  max_position_size: 0.9',
        '  max_sector_exposure: 0.95',
        '  max_concentration: 1',
        '  max_price_age: 4h',
        'execution:',
        '  max_approval_age: 4h',
        '  lease_ttl: 1500ms',
        'security:',
        '  rate_limit:',
        '    per_ip_per_minute: 0',
        '    per_credential_per_minute: 0',
        'logging:',
        '  level: warn',
        'status_interval_seconds: 0',
        '',
      ].join('\n'),
    );
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/api/trade-executor`;
    let node = await startNode(directory, url, port);

    const quantity = 150;
    const placed = await fetch(`${base}/algorithms`, {
      method: 'POST',
      headers: { ...testAdminHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({
        symbol: 'AAPL',
        side: 'BUY',
        quantity,
        algorithm: 'TWAP',
        durationMinutes: 45,
        slices: 15,
        randomization: 0.5,
      }),
    });
    expect(placed.status).toBe(201);
    const parent = (await placed.json()) as { id: string };

    const childRows = () =>
      database.query<{
        sequence: number;
        order_id: string;
        quantity: number;
        status: string | null;
        filled: number | null;
      }>(
        `SELECT c.sequence, c.order_id, c.quantity, o.status, o.filled_quantity AS filled
           FROM algorithm_child_orders c LEFT JOIN orders o ON o.id = c.order_id
          WHERE c.parent_id = $1 ORDER BY c.sequence`,
        [parent.id],
      );
    // In the middle: some children filled, the parent still working.
    await waitFor(
      childRows,
      (rows) => rows.filter((row) => row.status === 'FILLED').length >= 4,
      90_000,
      'four children filled',
    );
    await sleep(150);
    node.kill('SIGKILL');
    await new Promise((resolve) => node.once('exit', resolve));
    const [before] = await database.query<{ status: string }>(
      'SELECT status FROM algorithm_parent_orders WHERE id = $1',
      [parent.id],
    );
    expect(before?.status).toBe('working');
    const childrenAtKill = (await childRows()).length;
    expect(childrenAtKill).toBeLessThan(15);

    node = await startNode(directory, url, port);
    const status = async () =>
      (
        await database.query<{ status: string; status_reason: string }>(
          'SELECT status, status_reason FROM algorithm_parent_orders WHERE id = $1',
          [parent.id],
        )
      )[0];
    await waitFor(
      status,
      (row) => row?.status === 'completed',
      60_000,
      'parent completed after the restart',
    ).catch(async (error: Error) => {
      const view = await (
        await fetch(`${base}/algorithms/${parent.id}`, { headers: testAdminHeaders })
      ).text();
      throw new Error(
        `${error.message}\nchildren: ${JSON.stringify(await childRows())}\nparent: ${view}\nnode output:\n${lastOutput}`,
      );
    });

    const rows = await childRows();
    const sequences = rows.map((row) => Number(row.sequence));
    expect(new Set(sequences).size).toBe(rows.length);
    expect(new Set(rows.map((row) => row.order_id)).size).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(childrenAtKill);
    expect(rows.reduce((sum, row) => sum + Number(row.filled ?? 0), 0)).toBe(quantity);
    // The trades table agrees: exactly the parent's quantity, each venue execution once.
    const [trades] = await database.query<{ total: string; executions: string; distinct_executions: string }>(
      `SELECT COALESCE(SUM(t.quantity), 0) AS total, COUNT(*) AS executions, COUNT(DISTINCT t.execution_id) AS distinct_executions
         FROM trades t JOIN algorithm_child_orders c ON c.order_id = t.order_id WHERE c.parent_id = $1`,
      [parent.id],
    );
    expect(Number(trades?.total)).toBe(quantity);
    expect(trades?.executions).toBe(trades?.distinct_executions);
    // The venue's own books: its orders of this parent filled exactly the parent's quantity.
    const [venue] = await database.query<{ filled: string; orders: string }>(
      `SELECT COALESCE(SUM(v.filled_quantity), 0) AS filled, COUNT(*) AS orders
         FROM paper_venue_orders v JOIN algorithm_child_orders c ON c.order_id = v.order_id
        WHERE c.parent_id = $1`,
      [parent.id],
    );
    expect(Number(venue?.filled)).toBe(quantity);
    expect(Number(venue?.orders)).toBe(rows.length);
    node.kill('SIGTERM');
    await new Promise((resolve) => node.once('exit', resolve));
  }, 300_000);
});
