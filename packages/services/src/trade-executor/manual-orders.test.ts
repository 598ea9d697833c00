// Operators' orders through the Trade Executor's API on a one-process node: placed through risk and
// filled, refused by risk with the reason, modified and canceled, and a position flattened.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/create-logger.js';
import { type RunningNode, startOneProcessNode } from '../node/one-process-node.js';
import { testAdminHeaders } from '../security/test-credentials.js';
import { testNodeConfig } from '../testing/test-node-config.js';

let node: RunningNode;

beforeAll(async () => {
  const directory = mkdtempSync(join(tmpdir(), 'ats-manual-'));
  const config = testNodeConfig(directory, {
    market: { speed: 60, seed: 3 },
    // No strategy: only the operator trades.
    strategies: [],
  });
  node = await startOneProcessNode({
    config,
    logger: createLogger({ level: 'silent', service: 'test' }),
    port: 0,
  });
  // Wait for quotes of AAPL, so market orders fill and risk has a fresh price.
  const deadline = Date.now() + 30_000;
  while (!node.kernel.portfolio.mark('AAPL' as never) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
});

afterAll(async () => {
  await node?.stop();
});

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  node.app.inject({
    headers: testAdminHeaders,
    method,
    url: `/api/trade-executor${url}`,
    ...(payload ? { payload } : {}),
  });

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('manual orders through the Trade Executor API', () => {
  it('places a market order through risk and it fills', async () => {
    const placed = await api('POST', '/orders', {
      symbol: 'AAPL',
      side: 'BUY',
      quantity: 10,
      type: 'MARKET',
    });
    expect(placed.statusCode).toBe(201);
    const { order } = placed.json() as { order: { id: string; origin: string } };
    expect(order.origin).toBe('manual');
    await until(() => node.kernel.execution.order(order.id as never)?.status === 'FILLED');
    await until(() => node.kernel.portfolio.netQuantity('AAPL' as never) === 10);
  });

  it('answers 422 with the risk reason for an order over the position limit, and places nothing', async () => {
    const before = node.kernel.execution.allOrders().length;
    // 500 MSFT (about 205,000) is under max_order_notional (a fat-finger refusal) but far over 10% of equity.
    const refused = await api('POST', '/orders', {
      symbol: 'MSFT',
      side: 'BUY',
      quantity: 500,
      type: 'MARKET',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: 'RISK_REJECTED', reasonCode: 'RISK_MAX_POSITION_SIZE' });
    expect(node.kernel.execution.allOrders()).toHaveLength(before);
  });

  it('refuses a limit order without a limit price, naming the field', async () => {
    const bad = await api('POST', '/orders', { symbol: 'AAPL', side: 'BUY', quantity: 1, type: 'LIMIT' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/limitPrice/);
  });

  it('modifies a working limit order, refuses to enlarge it, and cancels it', async () => {
    const placed = await api('POST', '/orders', {
      symbol: 'AAPL',
      side: 'BUY',
      quantity: 5,
      type: 'LIMIT',
      limitPrice: '1.00',
      timeInForce: 'GTC',
    });
    expect(placed.statusCode).toBe(201);
    const id = (placed.json() as { order: { id: string } }).order.id;
    await until(() => node.kernel.execution.order(id as never)?.status === 'ACCEPTED');
    const larger = await api('PATCH', `/orders/${id}`, { quantity: 50 });
    expect(larger.statusCode).toBe(400);
    const cheaper = await api('PATCH', `/orders/${id}`, { limitPrice: '0.50', quantity: 3 });
    expect(cheaper.statusCode).toBe(200);
    await until(() => node.kernel.execution.order(id as never)?.limitPrice?.toString() === '0.5000');
    expect(node.kernel.execution.order(id as never)?.quantity.value).toBe(3);
    const canceled = await api('DELETE', `/orders/${id}`);
    expect(canceled.statusCode).toBe(200);
    await until(() => node.kernel.execution.order(id as never)?.status === 'CANCELED');
    expect((await api('DELETE', `/orders/${id}`)).statusCode).toBe(409);
  });

  it('flattens a position with a reduce-only market order', async () => {
    await until(() => node.kernel.portfolio.netQuantity('AAPL' as never) === 10);
    // The previous test's cancel reaches the Risk Manager as an event only after the API answered; the
    // flatten says it cancels the symbol's working orders first, so risk does not count that order.
    const flattened = await api('POST', '/positions/AAPL/flatten');
    expect(flattened.statusCode).toBe(200);
    expect((flattened.json() as { flattened: { status: string }[] }).flattened[0]?.status).toBe('placed');
    await until(() => node.kernel.portfolio.netQuantity('AAPL' as never) === 0);
    const again = await api('POST', '/positions/flatten');
    expect((again.json() as { flattened: unknown[] }).flattened).toEqual([]);
  });
});
