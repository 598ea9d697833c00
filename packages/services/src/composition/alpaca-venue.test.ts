// A one-process node configured for Alpaca trades through Alpaca's wire format (the loopback test
// server): the order reaches the broker with our order id as its client order id, the broker's fill
// comes back on the trade_updates stream and lands in the trades table once; a restart reconciles.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlpacaTestServer } from '@ats/adapter-alpaca';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../logging/create-logger.js';
import { type RunningNode, startOneProcessNode } from '../node/one-process-node.js';
import { testAdminHeaders, testSecurityOverrides } from '../security/test-credentials.js';

let server: AlpacaTestServer;
let directory: string;

function configFor() {
  return loadConfig({
    directory: join(directory, 'no-config-files'),
    env: { BROKER_API_KEY: server.keyId, BROKER_API_SECRET: server.secret },
    overrides: {
      ...testSecurityOverrides,
      database: { data_directory: join(directory, 'pglite') },
      backups: { directory: join(directory, 'backups') },
      status_interval_seconds: 0,
      market: { speed: 60, seed: 5 },
      strategies: [],
      execution: {
        venue: 'alpaca',
        alpaca: { mode: 'paper', rest_url: server.restUrl, stream_url: server.streamUrl },
      },
    },
  });
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not in time`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  server = await AlpacaTestServer.start();
  directory = mkdtempSync(join(tmpdir(), 'ats-alpaca-'));
});

afterAll(async () => {
  await server?.stop();
});

describe('the Trade Executor on Alpaca, by configuration', () => {
  it('sends an operator order to Alpaca with its id as client order id, records the fill once, and reconciles a fill it missed while down', async () => {
    const logger = createLogger({ level: 'silent', service: 'test' });
    let node: RunningNode = await startOneProcessNode({ config: configFor(), logger, port: 0 });
    try {
      await until(() => node.kernel.portfolio.mark('AAPL' as never) !== null, 'a quote of AAPL');
      server.book.setReferencePrice('AAPL', '190.00');
      const placed = await node.app.inject({
        headers: testAdminHeaders,
        method: 'POST',
        url: '/api/trade-executor/orders',
        payload: {
          symbol: 'AAPL',
          side: 'BUY',
          quantity: 3,
          type: 'LIMIT',
          limitPrice: '150.00',
          timeInForce: 'GTC',
        },
      });
      expect(placed.statusCode).toBe(201);
      const id = (placed.json() as { order: { id: string } }).order.id;
      await until(() => server.book.byClientOrderId(id) !== undefined, 'the order at Alpaca');
      await until(() => node.kernel.execution.order(id as never)?.status === 'ACCEPTED', 'accepted');
      const alpacaId = server.book.byClientOrderId(id)?.id as string;
      server.book.fill(alpacaId, 1, '149.50');
      await until(
        () => node.kernel.execution.order(id as never)?.status === 'PARTIALLY_FILLED',
        'the first fill',
      );

      // Down while the broker fills the rest: the restart's reconciliation applies it.
      await node.stop();
      server.book.fill(alpacaId, 2, '149.40');
      node = await startOneProcessNode({ config: configFor(), logger, port: 0 });
      await until(
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
