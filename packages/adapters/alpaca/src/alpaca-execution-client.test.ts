// Tests of the Alpaca execution client against the loopback Alpaca server: placing, filling,
// canceling and replacing orders, Alpaca's refusals and rate limits, idempotent retries.
import { deriveUuid, type OrderFilled, Price } from '@ats/core';
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

describe('AlpacaExecutionClient orders', () => {
  it('refuses to connect with credentials Alpaca does not accept, without showing the secret', async () => {
    const rejected = connectedClient(server, {
      credentials: { keyId: server.keyId, secret: 'wrong-secret-value' },
    });
    const error = await rejected.then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(String((error as Error).message)).not.toContain('wrong-secret-value');
  });

  it('sends our order id as the client order id and reports the acceptance with Alpaca order id', async () => {
    const connected = await connectedClient(server);
    client = connected.client;
    const order = submittedOrder({ quantity: 10 });
    connected.orders.set(order.id, order);
    await client.submitOrder(order);
    const atAlpaca = server.book.byClientOrderId(order.id);
    expect(atAlpaca?.qty).toBe('10');
    expect(order.status).toBe('ACCEPTED');
    expect(order.venueOrderId).toBe(atAlpaca?.id);
  });

  it('looks a timed-out submit up by client order id instead of placing a second order', async () => {
    const connected = await connectedClient(server);
    client = connected.client;
    const order = submittedOrder({ quantity: 5 });
    connected.orders.set(order.id, order);
    server.dropResponseAfterNextPlacement();
    await client.submitOrder(order);
    expect(server.count('POST', '/v2/orders')).toBe(1);
    expect(server.count('GET', '/v2/orders:by_client_order_id')).toBe(1);
    expect(server.book.openOrders()).toHaveLength(1);
    expect(order.status).toBe('ACCEPTED');
  });

  it('looks a submit that timed out up by client order id instead of placing it again', async () => {
    const connected = await connectedClient(server, { requestTimeoutMilliseconds: 200 });
    client = connected.client;
    const order = submittedOrder({ quantity: 5 });
    connected.orders.set(order.id, order);
    server.holdResponseAfterNextPlacement();
    await client.submitOrder(order);
    expect(server.count('POST', '/v2/orders')).toBe(1);
    expect(server.book.openOrders()).toHaveLength(1);
    expect(order.status).toBe('ACCEPTED');
  });

  it('makes one order when the same order is submitted twice', async () => {
    const connected = await connectedClient(server);
    client = connected.client;
    const order = submittedOrder({ quantity: 5 });
    connected.orders.set(order.id, order);
    await client.submitOrder(order);
    await client.submitOrder(order);
    expect(server.book.openOrders()).toHaveLength(1);
    expect(connected.events.filter((event) => event.type === 'OrderAccepted')).toHaveLength(1);
  });

  it('reports a fill as OrderFilled with the execution id, a derived trade id and the exact price', async () => {
    const connected = await connectedClient(server);
    client = connected.client;
    const order = submittedOrder({ quantity: 100 });
    connected.orders.set(order.id, order);
    await client.submitOrder(order);
    const executionId = server.book.fill(order.id, 100, '187.3215');
    await vi.waitFor(() => expect(order.status).toBe('FILLED'));
    const fill = connected.events.find((event): event is OrderFilled => event.type === 'OrderFilled');
    expect(fill?.executionId).toBe(executionId);
    expect(fill?.tradeId).toBe(deriveUuid('ALPACA', executionId));
    expect(fill?.lastPrice.raw).toBe(1_873_215);
    expect(fill?.lastQuantity.value).toBe(100);
    expect(fill?.venue).toBe('ALPACA');
    expect(fill?.commission.isZero()).toBe(true);
  });

  it('reports partial fills one execution each, then the fill that completes the order', async () => {
    const connected = await connectedClient(server);
    client = connected.client;
    const order = submittedOrder({ quantity: 100, limitPrice: Price.of('50.25') });
    connected.orders.set(order.id, order);
    await client.submitOrder(order);
    server.book.fill(order.id, 30, '50.25');
    await vi.waitFor(() => expect(order.status).toBe('PARTIALLY_FILLED'));
    server.book.fill(order.id, 70, '50.2');
    await vi.waitFor(() => expect(order.status).toBe('FILLED'));
    const fills = connected.events.filter((event): event is OrderFilled => event.type === 'OrderFilled');
    expect(fills.map((fill) => [fill.lastQuantity.value, fill.lastPrice.toString()])).toEqual([
      [30, '50.2500'],
      [70, '50.2000'],
    ]);
    expect(order.averageFillPrice?.toString()).toBe('50.2150');
  });

  it('cancels through DELETE and reports the cancel Alpaca streams', async () => {
    const connected = await connectedClient(server);
    client = connected.client;
    const order = submittedOrder({ quantity: 10, limitPrice: Price.of('10') });
    connected.orders.set(order.id, order);
    await client.submitOrder(order);
    await client.cancelOrder(order);
    await vi.waitFor(() => expect(order.status).toBe('CANCELED'));
    expect(server.book.byClientOrderId(order.id)?.status).toBe('canceled');
  });

  it('reports a cancel Alpaca refuses as OrderCancelRejected with its message', async () => {
    const connected = await connectedClient(server);
    client = connected.client;
    const order = submittedOrder({ quantity: 10, limitPrice: Price.of('10') });
    connected.orders.set(order.id, order);
    await client.submitOrder(order);
    server.failNext('DELETE', `/v2/orders/${order.venueOrderId}`, 422, 'order is not cancelable');
    await client.cancelOrder(order);
    expect(order.status).toBe('ACCEPTED');
    const refusal = connected.events.find((event) => event.type === 'OrderCancelRejected');
    expect(refusal).toMatchObject({ reason: 'order is not cancelable' });
  });

  it('reports nothing more for an order that has filled when asked to cancel it', async () => {
    const connected = await connectedClient(server);
    client = connected.client;
    const order = submittedOrder({ quantity: 10 });
    connected.orders.set(order.id, order);
    await client.submitOrder(order);
    server.book.fill(order.id, 10, '10');
    await vi.waitFor(() => expect(order.status).toBe('FILLED'));
    await client.cancelOrder(order);
    expect(connected.events.map((event) => event.type)).toEqual(['OrderAccepted', 'OrderFilled']);
  });

  it('replaces through PATCH and reports the new terms and the new Alpaca order id', async () => {
    const connected = await connectedClient(server);
    client = connected.client;
    const order = submittedOrder({ quantity: 10, limitPrice: Price.of('10') });
    connected.orders.set(order.id, order);
    await client.submitOrder(order);
    const firstVenueId = order.venueOrderId;
    await client.replaceOrder(order, { limitPrice: Price.of('10.05'), quantity: order.quantity });
    await vi.waitFor(() => expect(order.limitPrice?.toString()).toBe('10.0500'));
    expect(order.venueOrderId).not.toBe(firstVenueId);
    expect(order.quantity.value).toBe(10);
    // A fill of the replacing order belongs to our order.
    server.book.fill(order.venueOrderId ?? '', 10, '10.05');
    await vi.waitFor(() => expect(order.status).toBe('FILLED'));
    expect((await client.orderReport(order.id))?.status).toBe('filled');
  });

  it('rejects for buying power with the 403 message Alpaca sent', async () => {
    const connected = await connectedClient(server);
    client = connected.client;
    const order = submittedOrder({ quantity: 1_000, limitPrice: Price.of('500') });
    connected.orders.set(order.id, order);
    await client.submitOrder(order);
    expect(order.status).toBe('REJECTED');
    expect(order.statusReason).toBe('BROKER_REJECTED: insufficient buying power');
  });

  it('rejects an order Alpaca finds invalid (422) with its message', async () => {
    const connected = await connectedClient(server);
    client = connected.client;
    server.failNext('POST', '/v2/orders', 422, 'qty must be integer for this asset', { code: 40010001 });
    const order = submittedOrder({ quantity: 3 });
    connected.orders.set(order.id, order);
    await client.submitOrder(order);
    expect(order.statusReason).toBe('BROKER_REJECTED: qty must be integer for this asset');
    expect(server.book.openOrders()).toHaveLength(0);
  });

  it('waits the Retry-After of a 429 and then places the order once', async () => {
    const waits: number[] = [];
    const connected = await connectedClient(server, {
      sleep: async (milliseconds) => {
        waits.push(milliseconds);
      },
    });
    client = connected.client;
    server.failNext('POST', '/v2/orders', 429, 'rate limit exceeded', { retryAfterSeconds: 3 });
    const order = submittedOrder({ quantity: 1 });
    connected.orders.set(order.id, order);
    await client.submitOrder(order);
    expect(waits).toContain(3_000);
    expect(server.count('POST', '/v2/orders')).toBe(2);
    expect(server.book.openOrders()).toHaveLength(1);
    expect(order.status).toBe('ACCEPTED');
  });

  it('keeps every minute at or under requestsPerMinute, counting from each answer', async () => {
    // Virtual wall time: a wait of the rate limit moves it on at once, and the server notes it per request.
    let now = 1_000_000;
    const connected = await connectedClient(server, {
      requestsPerMinute: 5,
      now: () => now,
      sleep: async (milliseconds) => {
        now += milliseconds;
      },
    });
    client = connected.client;
    const arrivals: number[] = [];
    const before = server.requests.length;
    for (let call = 0; call < 12; call++) {
      await client.account();
      arrivals.push(now);
    }
    expect(server.requests.length - before).toBe(12);
    // No window of 60 s holds more than 5 requests (connect's own requests came first, at the start).
    for (const start of arrivals) {
      const inWindow = arrivals.filter((time) => time >= start && time < start + 60_000).length;
      expect(inWindow).toBeLessThanOrEqual(5);
    }
    expect(arrivals[arrivals.length - 1] as number).toBeGreaterThanOrEqual(1_000_000 + 2 * 60_000);
  });

  it('retries a 5xx on a query and answers from the second attempt', async () => {
    const connected = await connectedClient(server);
    client = connected.client;
    server.failNext('GET', '/v2/account', 503, 'service unavailable');
    const account = await client.account();
    expect(account.cash.toString()).toBe('100000.0000');
    expect(server.count('GET', '/v2/account')).toBe(2);
  });

  it('gives up with a retryable BROKER_UNAVAILABLE once retries are spent, after looking the order up', async () => {
    const connected = await connectedClient(server, { maxRetries: 1 });
    client = connected.client;
    server.failNext('POST', '/v2/orders', 500, 'internal server error', { times: 5 });
    const order = submittedOrder({ quantity: 1 });
    connected.orders.set(order.id, order);
    await expect(client.submitOrder(order)).rejects.toMatchObject({
      code: 'BROKER_UNAVAILABLE',
      retryable: true,
    });
    expect(server.count('GET', '/v2/orders:by_client_order_id')).toBe(1);
    expect(server.book.openOrders()).toHaveLength(0);
  });
});
