// Tests of the Alpaca client across a dropped trade_updates stream, and of the reconciliation queries
// against what the loopback Alpaca server holds.
import { type OrderFilled, Price } from '@ats/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AlpacaExecutionClient } from './alpaca-execution-client.js';
import { connectedClient, submittedOrder } from './testing/alpaca-test-orders.js';
import { AlpacaTestServer } from './testing/alpaca-test-server.js';

let server: AlpacaTestServer;
let client: AlpacaExecutionClient;

beforeEach(async () => {
  server = await AlpacaTestServer.start();
});

afterEach(async () => {
  await client?.disconnect();
  await server.stop();
});

describe('AlpacaExecutionClient after a dropped stream', () => {
  it('fetches the fills it missed while disconnected from the FILL activities, each once', async () => {
    const connected = await connectedClient(server);
    client = connected.client;
    const order = submittedOrder({ quantity: 100, limitPrice: Price.of('20') });
    connected.orders.set(order.id, order);
    await client.submitOrder(order);
    const seenLive = server.book.fill(order.id, 40, '20');
    await vi.waitFor(() => expect(order.status).toBe('PARTIALLY_FILLED'));

    server.dropStreams();
    // Executed while no stream listens: Alpaca's trade_updates message is lost.
    const missed = server.book.fill(order.id, 60, '19.99');
    await vi.waitFor(() => expect(order.status).toBe('FILLED'));

    const fills = connected.events.filter((event): event is OrderFilled => event.type === 'OrderFilled');
    expect(fills.map((fill) => fill.executionId)).toEqual([seenLive, missed]);
    expect(fills[1]?.lastPrice.toString()).toBe('19.9900');
    expect(server.listenerCount).toBe(1);
  });

  it('closes an order canceled while disconnected', async () => {
    const connected = await connectedClient(server);
    client = connected.client;
    const order = submittedOrder({ quantity: 10, limitPrice: Price.of('20') });
    connected.orders.set(order.id, order);
    await client.submitOrder(order);
    server.dropStreams();
    server.book.cancel(order.venueOrderId ?? '');
    await vi.waitFor(() => expect(order.status).toBe('CANCELED'));
  });

  it('keeps receiving updates on the new connection', async () => {
    const connected = await connectedClient(server);
    client = connected.client;
    server.dropStreams();
    await vi.waitFor(() => expect(client.streamListening).toBe(true));
    const order = submittedOrder({ quantity: 10 });
    connected.orders.set(order.id, order);
    await client.submitOrder(order);
    server.book.fill(order.id, 10, '1.5');
    await vi.waitFor(() => expect(order.status).toBe('FILLED'));
  });
});

describe('AlpacaExecutionClient reconciliation queries', () => {
  it('returns the open orders, positions, account and executions the server holds', async () => {
    const connected = await connectedClient(server);
    client = connected.client;
    const start = Date.now();
    const bought = submittedOrder({ quantity: 100, symbol: 'MSFT' });
    const working = submittedOrder({ quantity: 5, limitPrice: Price.of('30.5'), symbol: 'AAPL' });
    for (const order of [bought, working]) {
      connected.orders.set(order.id, order);
      await client.submitOrder(order);
    }
    const first = server.book.fill(bought.id, 60, '410.1234');
    const second = server.book.fill(bought.id, 40, '410.1334');

    const open = await client.openOrders();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ orderId: working.id, status: 'open', side: 'BUY', orderType: 'LIMIT' });
    expect(open[0]?.limitPrice?.toString()).toBe('30.5000');
    expect(open[0]?.quantity.value).toBe(5);

    const positions = await client.positions();
    expect(positions).toHaveLength(1);
    expect(positions[0]?.symbol).toBe('MSFT');
    expect(positions[0]?.netQuantity).toBe(100);
    expect(positions[0]?.averageCost?.toString()).toBe('410.1274');

    const account = await client.account();
    // 100,000 − 60 × 410.1234 − 40 × 410.1334 = 58,987.2600
    expect(account.cash.toString()).toBe('58987.2600');
    // Less the 5 × 30.50 the working buy reserves.
    expect(account.buyingPower.toString()).toBe('58834.7600');

    const executions = await client.executionsSince(start);
    expect(executions.map((execution) => execution.executionId)).toEqual([first, second]);
    expect(executions[0]).toMatchObject({
      orderId: bought.id,
      venueOrderId: bought.venueOrderId,
      side: 'BUY',
    });
    expect(executions[1]?.price.toString()).toBe('410.1334');

    expect(await client.orderReport(bought.id)).toMatchObject({ status: 'filled', orderId: bought.id });
    expect(await client.orderReport(submittedOrder().id)).toBeNull();
  });

  it('follows Alpaca page tokens past a full page of executions', async () => {
    const connected = await connectedClient(server);
    client = connected.client;
    const start = Date.now();
    const order = submittedOrder({ quantity: 150, symbol: 'F' });
    connected.orders.set(order.id, order);
    await client.submitOrder(order);
    for (let index = 0; index < 150; index++) server.book.fill(order.id, 1, '12.01');
    const executions = await client.executionsSince(start);
    expect(executions).toHaveLength(150);
    expect(new Set(executions.map((execution) => execution.executionId)).size).toBe(150);
    expect(server.count('GET', '/v2/account/activities/FILL')).toBe(2);
  });
});
