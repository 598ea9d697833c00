// A one-process node configured for Alpaca trades through Alpaca's wire format (the loopback test
// server): the order reaches the broker with our order id as its client order id, the broker's fill
// comes back on the trade_updates stream and lands in the trades table once; a restart reconciles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/create-logger.js';
import { type RunningNode, startOneProcessNode } from '../node/one-process-node.js';
import { AlpacaLoopback, placeOrder } from '../testing/alpaca-loopback-node.js';
import { eventually } from '../testing/eventually.js';

let alpaca: AlpacaLoopback;

function configFor() {
  return alpaca.config();
}

beforeAll(async () => {
  alpaca = await AlpacaLoopback.start('ats-alpaca-');
});

afterAll(async () => {
  await alpaca?.stop();
});

describe('the Trade Executor on Alpaca, by configuration', () => {
  it('sends an operator order to Alpaca with its id as client order id, records the fill once, and reconciles a fill it missed while down', async () => {
    const logger = createLogger({ level: 'silent', service: 'test' });
    let node: RunningNode = await startOneProcessNode({ config: configFor(), logger, port: 0 });
    try {
      await eventually(() => node.kernel.portfolio.mark('AAPL' as never) !== null, 'a quote of AAPL');
      alpaca.server.book.setReferencePrice('AAPL', '190.00');
      const id = await placeOrder(node, { quantity: 3, type: 'LIMIT', limitPrice: '150.00' });
      await eventually(() => alpaca.server.book.byClientOrderId(id) !== undefined, 'the order at Alpaca');
      await eventually(() => node.kernel.execution.order(id as never)?.status === 'ACCEPTED', 'accepted');
      const alpacaId = alpaca.server.book.byClientOrderId(id)?.id as string;
      alpaca.server.book.fill(alpacaId, 1, '149.50');
      await eventually(
        () => node.kernel.execution.order(id as never)?.status === 'PARTIALLY_FILLED',
        'the first fill',
      );

      // Down while the broker fills the rest: the restart's reconciliation applies it.
      await node.stop();
      alpaca.server.book.fill(alpacaId, 2, '149.40');
      node = await startOneProcessNode({ config: configFor(), logger, port: 0 });
      await eventually(
        () => node.kernel.execution.order(id as never)?.status === 'FILLED',
        'filled after the restart',
      );
      const trades = await node.repositories.trades.listTrades();
      expect(trades.map((trade) => [trade.venue, trade.quantity, trade.executedPrice.toString()])).toEqual([
        ['ALPACA', 1, '149.5000'],
        ['ALPACA', 2, '149.4000'],
      ]);
      expect(node.kernel.portfolio.netQuantity('AAPL' as never)).toBe(3);
    } finally {
      await node.stop();
    }
  });
});
