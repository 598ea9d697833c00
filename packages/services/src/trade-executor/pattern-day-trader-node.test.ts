// `account.kind: margin` with 20,000 of starting cash on a one-process node: the Risk Manager applies
// the pattern-day-trader rule to operators' orders. Three same-day round trips pass; the sell that would
// be the fourth day trade in five business days is refused with RISK_PATTERN_DAY_TRADER and the numbers.
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
  const directory = mkdtempSync(join(tmpdir(), 'ats-day-trader-'));
  const config = testNodeConfig(directory, {
    account: { kind: 'margin', starting_cash: '20000.00' },
    // A fresh database starts the simulated market at the latest NYSE open: every fill below falls
    // within that one New York session date (30 simulated minutes at most).
    market: { speed: 60, seed: 7 },
    strategies: [],
  });
  node = await startOneProcessNode({
    config,
    logger: createLogger({ level: 'silent', service: 'test' }),
    port: 0,
  });
  const deadline = Date.now() + 30_000;
  while (!node.kernel.portfolio.mark('AAPL' as never) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
}, 60_000);

afterAll(async () => {
  await node?.stop();
});

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const order = (side: 'BUY' | 'SELL') =>
  node.app.inject({
    headers: testAdminHeaders,
    method: 'POST',
    url: '/api/trade-executor/orders',
    payload: { symbol: 'AAPL', side, quantity: 5, type: 'MARKET' },
  });

/** Places a market order of 5 AAPL and waits until the position is `after`. */
async function filled(side: 'BUY' | 'SELL', after: number): Promise<void> {
  const placed = await order(side);
  expect(placed.statusCode, placed.body).toBe(201);
  await until(() => node.kernel.portfolio.netQuantity('AAPL' as never) === after);
}

describe('the pattern-day-trader rule of a margin account configured by account.kind', () => {
  it('refuses the fourth day trade of the session under 25,000 of equity', async () => {
    for (let round = 0; round < 3; round++) {
      await filled('BUY', 5);
      await filled('SELL', 0);
    }
    await filled('BUY', 5);
    const fourth = await order('SELL');
    expect(fourth.statusCode).toBe(422);
    expect(fourth.json()).toMatchObject({ error: 'RISK_REJECTED', reasonCode: 'RISK_PATTERN_DAY_TRADER' });
    expect(node.kernel.portfolio.netQuantity('AAPL' as never)).toBe(5);
  }, 120_000);

  it('still lets the position be flattened (a forced reduction is not refused)', async () => {
    const flattened = await node.app.inject({
      headers: testAdminHeaders,
      method: 'POST',
      url: '/api/trade-executor/positions/AAPL/flatten',
    });
    expect(flattened.statusCode).toBe(200);
    await until(() => node.kernel.portfolio.netQuantity('AAPL' as never) === 0);
  }, 60_000);
});
