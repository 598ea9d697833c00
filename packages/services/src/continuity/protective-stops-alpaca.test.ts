// Protective stops held at the broker, through Alpaca's wire format (the loopback test server): after
// a fill the broker holds a sell stop for the position; while ATS is down the broker still holds it
// and fills it; the restarted ATS reconciles that fill, the position is flat and no stop is placed
// again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/create-logger.js';
import { type RunningNode, startOneProcessNode } from '../node/one-process-node.js';
import { AlpacaLoopback, placeOrder } from '../testing/alpaca-loopback-node.js';
import { eventually } from '../testing/eventually.js';

let alpaca: AlpacaLoopback;

function configFor() {
  return alpaca.config({
    execution: { protective_stops: { enabled: true, distance_basis_points: 300, check_interval: '1s' } },
  });
}

beforeAll(async () => {
  alpaca = await AlpacaLoopback.start('ats-alpaca-stops-');
});

afterAll(async () => {
  await alpaca?.stop();
});

const stopsAtBroker = () => alpaca.server.book.openOrders().filter((order) => order.type === 'stop');

describe('protective stops at Alpaca', () => {
  it('holds a sell stop at the broker for the position, which the broker fills while ATS is down; the restart finds the position flat', async () => {
    const logger = createLogger({ level: 'silent', service: 'test' });
    let node: RunningNode = await startOneProcessNode({ config: configFor(), logger, port: 0 });
    try {
      await eventually(() => node.kernel.portfolio.mark('AAPL' as never) !== null, 'a quote of AAPL');
      alpaca.server.book.setReferencePrice('AAPL', '190.00');
      const id = await placeOrder(node, { quantity: 4, type: 'LIMIT', limitPrice: '150.00' });
      await eventually(() => alpaca.server.book.byClientOrderId(id) !== undefined, 'the order at Alpaca');
      alpaca.server.book.fill(alpaca.server.book.byClientOrderId(id)?.id as string, 4, '150.00');
      await eventually(() => node.kernel.portfolio.netQuantity('AAPL' as never) === 4, 'the position');

      // The stop is at the broker: sell 4 at 3% under the cost (150.00 x 0.97), good till canceled.
      await eventually(() => stopsAtBroker().length === 1, 'a stop order at Alpaca');
      const [stop] = stopsAtBroker();
      expect(stop).toMatchObject({ side: 'sell', qty: '4', time_in_force: 'gtc' });
      expect(Number(stop?.stop_price)).toBe(145.5);

      // ATS goes down; the broker still holds the stop, and the market reaches it.
      await node.stop();
      expect(stopsAtBroker().map((order) => order.id)).toEqual([stop?.id]);
      alpaca.server.book.fill(stop?.id as string, 4, '145.45');

      node = await startOneProcessNode({ config: configFor(), logger, port: 0 });
      await eventually(
        () => node.kernel.portfolio.netQuantity('AAPL' as never) === 0,
        'flat after the restart',
      );
      await eventually(
        () => node.kernel.execution.order(stop?.client_order_id as never)?.status === 'FILLED',
        'the stop filled in the journal',
      );
      // Flat: the keeper places nothing new and forgets the filled stop.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(stopsAtBroker()).toHaveLength(0);
      const stored = await node.database.query('SELECT symbol FROM protective_stops');
      expect(stored).toHaveLength(0);
      const titles = await node.database.query<{ title: string }>(
        "SELECT title FROM notifications WHERE kind = 'continuity' ORDER BY id",
      );
      expect(titles.map((row) => row.title)).toEqual(
        expect.arrayContaining(['Protective stop placed: AAPL', 'Protective stop filled: AAPL']),
      );
    } finally {
      await node.stop();
    }
  }, 180_000);
});
