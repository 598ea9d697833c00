// A one-process node with Alpaca as primary and the paper venue as secondary: a fill at Alpaca before
// the failover and a fill at the paper venue after it are stored once each, under their venue, and the
// restart's reconciliation records neither again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/create-logger.js';
import { type RunningNode, startOneProcessNode } from '../node/one-process-node.js';
import { testAdminHeaders } from '../security/test-credentials.js';
import { AlpacaLoopback, placeOrder } from '../testing/alpaca-loopback-node.js';
import { eventually } from '../testing/eventually.js';

let alpaca: AlpacaLoopback;

function configFor() {
  return alpaca.config({
    // Real time: the failover's probe timeouts run on the node's clock, which a faster replay speeds up.
    market: { speed: 1, seed: 5 },
    execution: { secondary_venue: 'paper', failover_after_failed_probes: 2, probe_interval: '500ms' },
  });
}

beforeAll(async () => {
  alpaca = await AlpacaLoopback.start('ats-failover-');
});

afterAll(async () => {
  await alpaca?.stop();
});

describe('the Trade Executor behind a failover venue', () => {
  it('stores a fill at the primary before a failover and one at the secondary after it once each, and the restart reconciles neither again', async () => {
    const logger = createLogger({ level: 'silent', service: 'test' });
    let node: RunningNode = await startOneProcessNode({ config: configFor(), logger, port: 0 });
    try {
      await eventually(() => node.kernel.portfolio.mark('AAPL' as never) !== null, 'a quote of AAPL');
      alpaca.server.book.setReferencePrice('AAPL', '190.00');
      const atPrimary = await placeOrder(node, { quantity: 3, type: 'LIMIT', limitPrice: '150.00' });
      await eventually(
        () => alpaca.server.book.byClientOrderId(atPrimary) !== undefined,
        'the order at Alpaca',
      );
      await eventually(
        () => node.kernel.execution.order(atPrimary as never)?.status === 'ACCEPTED',
        'accepted',
      );
      alpaca.server.book.fill(alpaca.server.book.byClientOrderId(atPrimary)?.id as string, 3, '149.50');
      await eventually(
        () => node.kernel.execution.order(atPrimary as never)?.status === 'FILLED',
        'filled at Alpaca',
      );

      // Alpaca stops answering its heartbeat: new orders go to the paper venue.
      alpaca.server.failNext('GET', '/v2/account', 500, 'unavailable', { times: 100_000 });
      await eventually(() => node.kernel.execution.venue === 'PAPER', 'the failover');
      const atSecondary = await placeOrder(node, { quantity: 2, type: 'MARKET' });
      await eventually(
        () => node.kernel.execution.order(atSecondary as never)?.status === 'FILLED',
        'filled at paper',
      );
      expect(alpaca.server.book.byClientOrderId(atSecondary)).toBeUndefined();

      const expected = [
        ['ALPACA', 3],
        ['PAPER', 2],
      ];
      const stored = async () =>
        (await node.repositories.trades.listTrades()).map((trade) => [trade.venue, trade.quantity]).sort();
      await eventually(async () => (await stored()).length >= expected.length, 'both fills stored');
      expect(await stored()).toEqual(expected);
      // Reconciliation after the failover finds nothing missed.
      const pass = await node.app.inject({
        headers: testAdminHeaders,
        method: 'POST',
        url: '/api/trade-executor/reconciliation',
      });
      expect(pass.statusCode).toBe(200);
      expect(pass.json()).toMatchObject({ differences: { 'missed-fill': 0 } });
      expect(await stored()).toEqual(expected);

      // The restart's reconciliation, with both venues' executions in its window, records nothing again.
      await node.stop();
      node = await startOneProcessNode({ config: configFor(), logger, port: 0 });
      expect(await stored()).toEqual(expected);
      expect(node.kernel.portfolio.netQuantity('AAPL' as never)).toBe(5);
    } finally {
      await node.stop();
    }
  });
});
