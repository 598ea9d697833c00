// `account.kind: margin` on a one-process node: the paper venue keeps a Reg T margin account (shorts of
// easy-to-borrow symbols fill, others are refused by the venue) and the Risk Manager sizes and checks
// against margin buying power, where a cash account refuses every short sale.
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
  const directory = mkdtempSync(join(tmpdir(), 'ats-margin-'));
  const config = testNodeConfig(directory, {
    account: { kind: 'margin', easy_to_borrow: ['AAPL'] },
    risk_limits: { allow_short: true },
    market: { speed: 60, seed: 5 },
    strategies: [],
  });
  node = await startOneProcessNode({
    config,
    logger: createLogger({ level: 'silent', service: 'test' }),
    port: 0,
  });
  const deadline = Date.now() + 30_000;
  while (
    !(node.kernel.portfolio.mark('AAPL' as never) && node.kernel.portfolio.mark('MSFT' as never)) &&
    Date.now() < deadline
  )
    await new Promise((resolve) => setTimeout(resolve, 50));
}, 60_000);

afterAll(async () => {
  await node?.stop();
});

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sell = (symbol: string, quantity: number) =>
  node.app.inject({
    headers: testAdminHeaders,
    method: 'POST',
    url: '/api/trade-executor/orders',
    payload: { symbol, side: 'SELL', quantity, type: 'MARKET' },
  });

describe('a margin account configured by account.kind', () => {
  it('fills a short sale of an easy-to-borrow symbol', async () => {
    const placed = await sell('AAPL', 10);
    expect(placed.statusCode).toBe(201);
    const { order } = placed.json() as { order: { id: string } };
    await until(() => node.kernel.execution.order(order.id as never)?.status === 'FILLED');
    await until(() => node.kernel.portfolio.netQuantity('AAPL' as never) === -10);
  });

  it('has the venue refuse a short sale of a symbol that is not on the easy-to-borrow list', async () => {
    const placed = await sell('MSFT', 5);
    expect(placed.statusCode).toBe(201);
    const { order } = placed.json() as { order: { id: string } };
    await until(() => node.kernel.execution.order(order.id as never)?.status === 'REJECTED');
    expect(node.kernel.portfolio.netQuantity('MSFT' as never)).toBe(0);
  });
});
