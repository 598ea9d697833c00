// Smart order routing in the one-process node over two simulated venues configured with different
// quotes, sizes and fees: each TWAP child goes to the better all-in venue up to its displayed size and
// the rest to the other, every routed child is journaled (an orders row, trades at its venue) and
// passes pre-trade risk (the kill switch refuses them), and the reasons show on the API and in TCA.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/create-logger.js';
import { startOneProcessNode } from '../node/one-process-node.js';
import { testAdminHeaders } from '../security/test-credentials.js';
import { testNodeConfig } from '../testing/test-node-config.js';

const directory = mkdtempSync(join(tmpdir(), 'ats-routing-'));
let stopNode: (() => Promise<void>) | null = null;
afterAll(async () => {
  await stopNode?.();
});

interface ChildRow {
  sequence: number;
  order_id: string;
  quantity: number;
  venue: string;
  route_reason: string;
  status: string | null;
  filled_quantity: number | null;
}

describe('smart order routing over two simulated venues', () => {
  it('routes each child to the best all-in venue, splits past its displayed size, journals and risk-checks every routed child', async () => {
    const config = testNodeConfig(directory, {
      market: { speed: 300, seed: 5 },
      strategies: [],
      // Room for the whole parent (about $23,000 of AAPL) under the position limits.
      risk_limits: { max_position_size: 0.9, max_sector_exposure: 0.95, max_concentration: 1 },
      execution: {
        routing: {
          // The simulated feed quotes each symbol every few market seconds: keep every quote usable.
          max_quote_age: '1h',
          venues: [
            // One basis point wider than the market (about $0.02 on AAPL) with a low fee, plenty shown.
            {
              name: 'LIT-A',
              commission: { kind: 'per-share', per_share: '0.001', minimum: '0' },
              latency: '1ms',
              quote_adjustment_bps: 1,
              displayed_size: 1_000,
            },
            // The market's own quote for a higher fee: better all in, but it shows only 15 shares.
            {
              name: 'DARK-B',
              commission: { kind: 'per-share', per_share: '0.003', minimum: '0' },
              latency: '1ms',
              quote_adjustment_bps: 0,
              displayed_size: 15,
            },
          ],
        },
      },
    });
    const node = await startOneProcessNode({
      config,
      logger: createLogger({ level: 'silent', service: 'test' }),
      port: 0,
    });
    stopNode = () => node.stop();
    const api = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
      const response = await node.app.inject({
        method,
        url,
        headers: testAdminHeaders,
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      });
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
      return response.json() as Record<string, unknown>;
    };
    const twap = {
      symbol: 'AAPL',
      side: 'BUY',
      quantity: 120,
      algorithm: 'TWAP',
      durationMinutes: 20,
      slices: 3,
    };
    const parentId = String((await api('POST', '/api/trade-executor/algorithms', twap)).id);
    let parent: { status: string; children: ChildRow[] } = { status: 'working', children: [] };
    const deadline = Date.now() + 90_000;
    while (parent.status !== 'completed') {
      if (Date.now() > deadline) throw new Error(`the parent did not complete: ${JSON.stringify(parent)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      parent = (await api('GET', `/api/trade-executor/algorithms/${parentId}`)) as unknown as typeof parent;
    }

    // Three slices of 40: each split 15 to DARK-B (all it shows) and 25 to LIT-A.
    const children = parent.children;
    expect(
      children.map((child) => [child.venue, Number(child.quantity)]),
      JSON.stringify(children.map((child) => child.route_reason)),
    ).toEqual([
      ['DARK-B', 15],
      ['LIT-A', 25],
      ['DARK-B', 15],
      ['LIT-A', 25],
      ['DARK-B', 15],
      ['LIT-A', 25],
    ]);
    for (const child of children) {
      expect(child.route_reason).toMatch(child.venue === 'DARK-B' ? /^rank 1: all-in/ : /^rank 2: all-in/);
      expect(child.route_reason).toMatch(/DARK-B \d+\.\d{4}, LIT-A \d+\.\d{4}/);
      // Journaled like any order: its row exists and is filled.
      expect([child.status, Number(child.filled_quantity)]).toEqual(['FILLED', Number(child.quantity)]);
    }

    // The fills happened at each venue, with each venue's fee.
    const trades = await node.database.query<{
      venue: string;
      quantity: number;
      commission: string;
      order_id: string;
    }>(
      `SELECT t.venue, t.quantity, t.commission, t.order_id::text FROM trades t
         JOIN algorithm_child_orders c ON c.order_id = t.order_id WHERE c.parent_id = $1`,
      [parentId],
    );
    const byVenue = (venue: string) => trades.filter((trade) => trade.venue === venue);
    expect(byVenue('DARK-B').reduce((sum, trade) => sum + Number(trade.quantity), 0)).toBe(45);
    expect(byVenue('LIT-A').reduce((sum, trade) => sum + Number(trade.quantity), 0)).toBe(75);
    expect(byVenue('DARK-B').every((trade) => trade.commission === '0.0450')).toBe(true);
    expect(byVenue('LIT-A').every((trade) => trade.commission === '0.0250')).toBe(true);

    // TCA per routed venue, with the latest reason.
    await api('POST', '/api/trade-executor/tca/compute', {});
    const routes = (
      await node.app.inject({
        method: 'GET',
        url: '/api/trade-executor/tca?by=route',
        headers: testAdminHeaders,
      })
    ).json() as Record<string, unknown>[];
    expect(routes.map((row) => [row.key, row.children, Number(row.routed_quantity), row.fill_rate])).toEqual([
      ['DARK-B', 3, 45, 1],
      ['LIT-A', 3, 75, 1],
    ]);
    expect(String(routes[0]?.latest_reason)).toContain('rank 1');

    // The kill switch: every routed child is refused by pre-trade risk, none reaches the journal.
    await api('POST', '/api/risk-manager/halt', {});
    const haltedId = String(
      (await api('POST', '/api/trade-executor/algorithms', { ...twap, quantity: 60 })).id,
    );
    let live: { refusedChildren: number; lastRefusal: string | null } = {
      refusedChildren: 0,
      lastRefusal: null,
    };
    const refusedBy = Date.now() + 60_000;
    while (live.refusedChildren < 2) {
      if (Date.now() > refusedBy) throw new Error(`no child was refused: ${JSON.stringify(live)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      live = (await api('GET', `/api/trade-executor/algorithms/${haltedId}`)).live as typeof live;
    }
    expect(live.lastRefusal).toMatch(/^RISK_TRADING_HALTED: \(kill switch/);
    const halted = (await api(
      'GET',
      `/api/trade-executor/algorithms/${haltedId}`,
    )) as unknown as typeof parent;
    expect(halted.children).toEqual([]);
  }, 150_000);
});
