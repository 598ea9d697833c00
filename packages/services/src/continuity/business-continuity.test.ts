// Business continuity on a one-process node with the paper venue: manual override mode (strategies'
// signals refused with RISK_MANUAL_OVERRIDE, operators' orders placed, kept across a restart),
// protective stops held at the venue (placed after a fill, resized with the position, the same order
// after a restart, canceled when flat), the risk-ranked emergency liquidation, and a notification of
// each through the notification service.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/create-logger.js';
import { type RunningNode, startOneProcessNode } from '../node/one-process-node.js';
import { testAdminHeaders } from '../security/test-credentials.js';
import { testNodeConfig } from '../testing/test-node-config.js';

let node: RunningNode;
let directory: string;
const logger = createLogger({ level: 'silent', service: 'test' });

function configFor() {
  return testNodeConfig(directory, {
    market: { speed: 120, seed: 11 },
    // A strategy that signals often on MSFT; the operator trades the other symbols.
    strategies: [
      { id: 'fast-cross', kind: 'sma-cross', symbols: ['MSFT'], parameters: { fast: 2, slow: 5 } },
    ],
    risk_limits: { max_price_age: '4h' },
    execution: {
      max_approval_age: '4h',
      // 20%: far enough that the simulated market does not reach it while the test runs.
      protective_stops: { enabled: true, distance_basis_points: 2000, check_interval: '1s' },
    },
  });
}

async function started(): Promise<RunningNode> {
  const running = await startOneProcessNode({ config: configFor(), logger, port: 0 });
  await until(
    () => ['AAPL', 'JPM', 'XOM'].every((symbol) => running.kernel.portfolio.mark(symbol as never) !== null),
    'quotes of AAPL, JPM and XOM',
  );
  return running;
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'ats-continuity-'));
  node = await started();
}, 120_000);

afterAll(async () => {
  await node?.stop();
});

async function until(check: () => boolean | Promise<boolean>, what: string, milliseconds = 30_000) {
  const deadline = Date.now() + milliseconds;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${milliseconds} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  node.app.inject({ headers: testAdminHeaders, method, url, ...(payload ? { payload } : {}) });

async function buy(symbol: string, quantity: number): Promise<string> {
  const before = node.kernel.portfolio.netQuantity(symbol as never);
  const placed = await api('POST', '/api/trade-executor/orders', {
    symbol,
    side: 'BUY',
    quantity,
    type: 'MARKET',
  });
  expect(placed.statusCode, placed.body).toBe(201);
  const id = (placed.json() as { order: { id: string } }).order.id;
  await until(() => node.kernel.execution.order(id as never)?.status === 'FILLED', `${symbol} buy filled`);
  await until(
    () => node.kernel.portfolio.netQuantity(symbol as never) === before + quantity,
    `${symbol} held`,
  );
  return id;
}

type VenueStop = {
  order_id: string;
  side: string;
  quantity: number;
  stop_price: string;
  status: string;
};

/** The stop orders the venue holds working on a symbol. */
async function workingStops(symbol: string): Promise<VenueStop[]> {
  return node.database.query<VenueStop>(
    `SELECT order_id, side, quantity, stop_price::text AS stop_price, status FROM paper_venue_orders
     WHERE symbol = $1 AND order_type = 'STOP' AND status NOT IN ('filled', 'canceled', 'expired', 'rejected')`,
    [symbol],
  );
}

/** The newest assessment's sequence number (assessments after it are newer). */
async function lastAssessment(): Promise<number> {
  const [row] = await node.database.query<{ last: string | null }>(
    'SELECT MAX(sequence) AS last FROM risk_assessments',
  );
  return Number(row?.last ?? 0);
}

async function notificationTitles(): Promise<string[]> {
  const rows = await node.database.query<{ title: string }>(
    "SELECT title FROM notifications WHERE kind = 'continuity' ORDER BY id",
  );
  return rows.map((row) => row.title);
}

/** The stop a position of `net` at `average` should have: 20% away, on the cent, never nearer. */
function expectedStop(average: number, net: number): string {
  const cents = net > 0 ? Math.floor(average * 80) : Math.ceil(average * 120);
  return (cents / 100).toFixed(4);
}

describe('business continuity (paper venue, one process)', () => {
  it('in manual override mode refuses the strategy signals with RISK_MANUAL_OVERRIDE and still places manual orders', async () => {
    const on = await api('PUT', '/api/risk-manager/manual-override', {
      on: true,
      reason: 'drill: operator takes over',
    });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toMatchObject({
      on: true,
      reason: 'drill: operator takes over',
      changedBy: expect.any(String),
    });
    const since = await lastAssessment();
    await until(
      async () =>
        (
          await node.database.query(
            "SELECT 1 FROM risk_assessments WHERE strategy_id = 'fast-cross' AND reason_code = 'RISK_MANUAL_OVERRIDE' AND sequence > $1",
            [since],
          )
        ).length > 0,
      'a strategy signal refused with RISK_MANUAL_OVERRIDE',
      60_000,
    );
    await buy('AAPL', 10);
    expect(await notificationTitles()).toContain('Manual override ON (account paper)');
    // Audited: the API call (who, what, outcome) is on the audit chain.
    await until(
      async () =>
        (
          await node.database.query(
            "SELECT 1 FROM audit_records WHERE object LIKE '%manual-override%' OR action LIKE '%manual-override%'",
          )
        ).length > 0,
      'the manual override call on the audit chain',
    );
    const bad = await api('PUT', '/api/risk-manager/manual-override', { on: 'yes', reason: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/on/);
  }, 90_000);

  it('holds a protective stop at the venue for the position, 20% under its average cost, and resizes it with the position', async () => {
    await until(async () => (await workingStops('AAPL')).length === 1, 'a protective stop for AAPL');
    const [first] = await workingStops('AAPL');
    const average = node.kernel.portfolio.position('AAPL' as never)?.averageCost.toNumber() as number;
    expect(first).toMatchObject({ side: 'SELL', quantity: 10, stop_price: expectedStop(average, 10) });

    await buy('AAPL', 5);
    await until(
      async () => (await workingStops('AAPL')).some((stop) => stop.quantity === 15),
      'the stop resized to 15',
    );
    const stops = await workingStops('AAPL');
    expect(stops).toHaveLength(1);
    expect(stops[0]?.order_id).not.toBe(first?.order_id);
    const resizedAverage = node.kernel.portfolio.position('AAPL' as never)?.averageCost.toNumber() as number;
    expect(stops[0]?.stop_price).toBe(expectedStop(resizedAverage, 15));
    // The old stop is canceled at the venue, not left working beside the new one.
    const [old] = await node.database.query<{ status: string }>(
      'SELECT status FROM paper_venue_orders WHERE order_id = $1',
      [first?.order_id],
    );
    expect(old?.status).toBe('canceled');
    // The notifications are stored on their own path, after the stop orders: wait for them.
    await until(
      async () => (await notificationTitles()).includes('Protective stop resized: AAPL'),
      'the resize notification stored',
    );
    expect(await notificationTitles()).toContain('Protective stop placed: AAPL');
  }, 60_000);

  it('keeps the manual override mode and the same protective stop across a restart', async () => {
    const [before] = await workingStops('AAPL');
    await node.stop();
    node = await started();
    const mode = await api('GET', '/api/risk-manager/manual-override');
    expect(mode.json()).toMatchObject({ on: true, reason: 'drill: operator takes over' });
    // A few checks of the keeper later, still the one stop (the same order, adopted, not placed twice).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const after = await workingStops('AAPL');
    expect(after.map((stop) => stop.order_id)).toEqual([before?.order_id]);
    const since = await lastAssessment();
    await until(
      async () =>
        (
          await node.database.query(
            "SELECT 1 FROM risk_assessments WHERE strategy_id = 'fast-cross' AND reason_code = 'RISK_MANUAL_OVERRIDE' AND sequence > $1",
            [since],
          )
        ).length > 0,
      'a signal refused after the restart',
      60_000,
    );
  }, 180_000);

  it('liquidates every position riskiest first through risk and the journal, cancels the stops, and notifies', async () => {
    await buy('JPM', 40);
    await buy('XOM', 3);
    const plan = await api('GET', '/api/trade-executor/emergency-liquidation');
    expect(plan.statusCode).toBe(200);
    const { plan: ranked } = plan.json() as { plan: { rank: number; symbol: string; dayRisk: number }[] };
    const risks = ranked.map((row) => row.dayRisk);
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
    expect(ranked.map((row) => row.symbol)).toEqual(expect.arrayContaining(['AAPL', 'JPM', 'XOM']));

    const liquidated = await api('POST', '/api/trade-executor/emergency-liquidation', { reason: 'drill' });
    expect(liquidated.statusCode, liquidated.body).toBe(200);
    const { steps } = liquidated.json() as { steps: { symbol: string; status: string; rank: number }[] };
    expect(steps.map((step) => step.symbol)).toEqual(ranked.map((row) => row.symbol));
    expect(steps.every((step) => step.status === 'placed')).toBe(true);
    await until(
      () => node.kernel.portfolio.snapshot().positions.every((position) => position.netQuantity === 0),
      'every position flat',
    );
    // Each order went through risk (an approval) and the journal (an order row), as a manual order.
    const [journaled] = await node.database.query<{ n: string }>(
      `SELECT COUNT(*) AS n FROM orders o JOIN risk_assessments a ON a.id = o.risk_assessment_id
       WHERE a.sizing LIKE 'requested by emergency liquidation%'`,
    );
    expect(Number(journaled?.n)).toBe(steps.length);
    for (const symbol of ['AAPL', 'JPM', 'XOM'])
      await until(async () => (await workingStops(symbol)).length === 0, `no stop left on ${symbol}`);
    const titles = await notificationTitles();
    expect(titles.some((title) => title.startsWith('Emergency liquidation started'))).toBe(true);
    expect(titles.some((title) => title.startsWith('Emergency liquidation sent'))).toBe(true);
    expect(titles).toContain('Protective stop canceled: AAPL is flat');
  }, 90_000);

  it('turns manual override off, and strategies are assessed again', async () => {
    const off = await api('PUT', '/api/risk-manager/manual-override', { on: false, reason: 'drill over' });
    expect(off.json()).toMatchObject({ on: false });
    expect(await notificationTitles()).toContain('Manual override OFF (account paper)');
    const since = await lastAssessment();
    await until(
      async () =>
        (
          await node.database.query(
            "SELECT 1 FROM risk_assessments WHERE strategy_id = 'fast-cross' AND (reason_code IS NULL OR reason_code <> 'RISK_MANUAL_OVERRIDE') AND sequence > $1",
            [since],
          )
        ).length > 0,
      'a signal assessed on its merits',
      60_000,
    );
  }, 90_000);
});
