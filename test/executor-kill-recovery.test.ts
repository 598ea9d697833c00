// The order path under SIGKILL, in multi-process mode on PostgreSQL and Redis: the Trade Executor is
// killed at random moments 20 times while orders flow (then the Risk Manager and the Strategy Engine);
// after each restart the orders, trades and positions agree with the venue's books, exactly once.
import { afterAll, describe, expect, it } from 'vitest';
import { assertRedisReachable } from './redis-availability.js';
import { clean, settledBooks } from './support/books.js';
import { type Deployment, sleep, startDeployment, waitFor } from './support/distributed-deployment.js';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const enabled = Boolean(databaseUrl && redisUrl);
if (!enabled && process.env.CI === 'true')
  throw new Error('CI=true but DATABASE_URL or REDIS_URL is not set: the kill test cannot run');

const executorKills = Number(process.env.ATS_KILL_COUNT ?? 20);

/** A seeded sequence of waits, so a failing run can be repeated. */
function waits(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return 300 + (state % 2_200);
  };
}

let deployment: Deployment | null = null;
afterAll(async () => {
  await deployment?.dispose();
});

describe.runIf(enabled)('SIGKILL recovery of the order path (multi-process, PostgreSQL and Redis)', () => {
  it(`kills the Trade Executor ${executorKills} times while orders flow, then the Risk Manager and the Strategy Engine, and the books agree with the venue after every restart`, async () => {
    await assertRedisReachable();
    deployment = await startDeployment({
      databaseUrl: databaseUrl as string,
      redisUrl: redisUrl as string,
      yaml: [
        'market:',
        '  speed: 1200',
        '  seed: 23',
        'strategies:',
        '  - id: fast-cross',
        '    kind: sma-cross',
        '    symbols: [AAPL, MSFT, JPM, XOM, JNJ]',
        '    parameters: { fast: 2, slow: 5 }',
        'risk_limits:',
        '  max_price_age: 4h',
        'execution:',
        '  max_approval_age: 4h',
        '  reconcile_interval: 5s',
        '  lease_ttl: 1500ms',
        'logging:',
        '  level: warn',
      ],
    });
    const { database } = deployment;
    await waitFor(
      async () =>
        Number((await database.query<{ n: string }>('SELECT COUNT(*) AS n FROM trades'))[0]?.n ?? 0),
      (trades) => trades > 0,
      90_000,
      'first trade',
    );

    const next = waits(20_261_130);
    const restarts: number[] = [];
    for (let kill = 1; kill <= executorKills; kill++) {
      await sleep(next());
      const { restartedInMilliseconds } = await deployment.kill('trade-executor');
      restarts.push(restartedInMilliseconds);
      expect(await settledBooks(deployment, `after executor kill ${kill}`)).toSatisfy(clean);
    }
    for (const service of ['risk-manager', 'strategy-engine'] as const) {
      for (let kill = 1; kill <= 3; kill++) {
        await sleep(next());
        await deployment.kill(service);
        expect(await settledBooks(deployment, `after ${service} kill ${kill}`)).toSatisfy(clean);
      }
    }
    // Orders kept flowing through the kills.
    const totals = async () => {
      const [row] = await database.query<Record<string, string>>(
        `SELECT (SELECT COUNT(*) FROM orders) AS orders, (SELECT COUNT(*) FROM trades) AS trades,
           (SELECT COUNT(*) FROM paper_venue_executions) AS venue_executions,
           (SELECT COUNT(*) FROM signals) AS signals, (SELECT COUNT(*) FROM risk_assessments) AS assessments`,
      );
      return row as Record<string, string>;
    };
    const reasons = await database.query<{ reason_code: string | null; n: string }>(
      'SELECT reason_code, COUNT(*) AS n FROM risk_assessments GROUP BY reason_code ORDER BY 2 DESC',
    );
    console.log(
      `risk decisions: ${reasons.map((row) => `${row.reason_code ?? 'approved'} ${row.n}`).join(', ')}`,
    );
    const states = await database.query<{
      ours: string;
      venue: string | null;
      reason: string | null;
      n: string;
    }>(
      `SELECT o.status AS ours, v.status AS venue, o.status_reason AS reason, COUNT(*) AS n FROM orders o
       LEFT JOIN paper_venue_orders v ON v.order_id = o.id GROUP BY 1, 2, 3 ORDER BY 4 DESC`,
    );
    console.log(
      `orders (ours / venue): ${states.map((row) => `${row.ours}/${row.venue ?? '-'}${row.reason ? ` (${row.reason})` : ''} ${row.n}`).join(', ')}`,
    );
    const errors = deployment.lines.filter((line) => /error|Error|warn/.test(line)).slice(-15);
    if (errors.length > 0) console.log(`service log (errors, last 15):\n${errors.join('\n')}`);
    const before = await totals();
    await waitFor(
      totals,
      (now) => Number(now.trades) > Number(before.trades),
      60_000,
      'trades after the kills',
    );
    const final = await settledBooks(deployment, 'at the end');
    const differences = await database.query<{ kind: string; n: string }>(
      'SELECT kind, COUNT(*) AS n FROM reconciliation_events GROUP BY kind ORDER BY kind',
    );
    const summary = await totals();
    console.log(
      [
        `kill test: ${executorKills} Trade Executor kills, 3 Risk Manager kills, 3 Strategy Engine kills`,
        `  restart after SIGKILL: median ${restarts.sort((a, b) => a - b)[Math.floor(restarts.length / 2)]} ms, max ${Math.max(...restarts)} ms`,
        `  orders ${summary.orders}, trades ${summary.trades}, venue executions ${summary.venue_executions}, signals ${summary.signals}, assessments ${summary.assessments}`,
        `  reconciliation: ${differences.map((row) => `${row.kind} ${row.n}`).join(', ') || 'no differences'}`,
        `  invariants (all 0): ${JSON.stringify(final)}`,
      ].join('\n'),
    );
    expect(Number(summary.trades)).toBe(Number(summary.venue_executions));
  }, 900_000);
});
