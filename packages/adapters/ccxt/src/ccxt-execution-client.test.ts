// Tests of the ccxt execution client against the loopback Binance spot server: placing orders
// idempotently, fills found by polling (each once), cancels, Binance's refusals and rate limits.
import { deriveUuid, type OrderFilled, type OrderRejected, Price } from '@ats/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CcxtExecutionClient } from './ccxt-execution-client.js';
import { BinanceTestServer, serviceUnavailable, tooManyRequests } from './testing/binance-test-server.js';
import { connectedCryptoClient, submittedCryptoOrder } from './testing/ccxt-test-orders.js';

let server: BinanceTestServer;
let client: CcxtExecutionClient | undefined;

beforeEach(async () => {
  server = await BinanceTestServer.start();
  server.book.setBalance('USDT', '1000000');
  server.book.setBalance('BTC', '2');
  server.book.setMarketPrice('BTCUSDT', '97000.12');
});

afterEach(async () => {
  await client?.disconnect();
  client = undefined;
  await server.stop();
});

async function connected(overrides: Parameters<typeof connectedCryptoClient>[1] = {}) {
  const result = await connectedCryptoClient(server, overrides);
  client = result.client;
  return result;
}

const fills = (events: readonly { type: string }[]) =>
  events.filter((event): event is OrderFilled => event.type === 'OrderFilled');

describe('CcxtExecutionClient orders', () => {
  it('sends our order id as newClientOrderId and the limit price as its exact text', async () => {
    const { client, orders } = await connected();
    const order = submittedCryptoOrder({ quantity: 2, limitPrice: Price.of('96500.37') });
    orders.set(order.id, order);
    await client.submitOrder(order);
    const placement = server.requests.find((request) => request.method === 'POST');
    expect(placement?.parameters.get('newClientOrderId')).toBe(order.id);
    expect(placement?.parameters.get('price')).toBe('96500.37');
    expect(placement?.parameters.get('quantity')).toBe('2');
    expect(placement?.parameters.get('timeInForce')).toBe('GTC');
    expect(placement?.apiKey).toBe(server.apiKey);
    expect(placement?.parameters.get('signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(order.status).toBe('ACCEPTED');
    expect(order.venueOrderId).toBe(String(server.book.byClientOrderId(order.id)?.orderId));
  });

  it('loads markets through the server: time and exchangeInfo', async () => {
    await connected();
    expect(server.count('GET', '/api/v3/exchangeInfo')).toBe(1);
    expect(server.count('GET', '/api/v3/time')).toBe(1);
  });

  it('looks a submit whose answer was lost up by origClientOrderId instead of placing it again', async () => {
    const { client, orders } = await connected();
    const order = submittedCryptoOrder({ quantity: 1, limitPrice: Price.of('95000') });
    orders.set(order.id, order);
    server.dropResponseAfterNextPlacement();
    await client.submitOrder(order);
    expect(server.count('POST', '/api/v3/order')).toBe(1);
    const lookUp = server.requests.find(
      (request) => request.method === 'GET' && request.path === '/api/v3/order',
    );
    expect(lookUp?.parameters.get('origClientOrderId')).toBe(order.id);
    expect(server.book.orderCount).toBe(1);
    expect(order.status).toBe('ACCEPTED');
  });

  it('places an order once when a submit answered 503 is looked up and found missing', async () => {
    const { client, orders } = await connected();
    const order = submittedCryptoOrder({ quantity: 1, limitPrice: Price.of('95000') });
    orders.set(order.id, order);
    server.failNext('POST', '/api/v3/order', { status: 503, body: serviceUnavailable });
    await client.submitOrder(order);
    expect(server.count('GET', '/api/v3/order')).toBe(1);
    expect(server.count('POST', '/api/v3/order')).toBe(2);
    expect(server.book.orderCount).toBe(1);
    expect(order.status).toBe('ACCEPTED');
  });

  it('makes one order when the same order is submitted twice', async () => {
    const { client, events, orders } = await connected();
    const order = submittedCryptoOrder({ quantity: 1, limitPrice: Price.of('95000') });
    orders.set(order.id, order);
    await client.submitOrder(order);
    await client.submitOrder(order);
    expect(server.book.orderCount).toBe(1);
    expect(events.filter((event) => event.type === 'OrderAccepted')).toHaveLength(1);
  });

  it('adopts the order Binance already has when a restarted client sends it again (Duplicate order sent.)', async () => {
    const first = await connected();
    const order = submittedCryptoOrder({ quantity: 1, limitPrice: Price.of('95000') });
    first.orders.set(order.id, order);
    await first.client.submitOrder(order);
    await first.client.disconnect();
    const again = submittedCryptoOrder({ quantity: 1, limitPrice: Price.of('95000') });
    Object.defineProperty(again, 'id', { value: order.id });
    const second = await connected();
    second.orders.set(again.id, again);
    await second.client.submitOrder(again);
    expect(server.book.orderCount).toBe(1);
    expect(again.status).toBe('ACCEPTED');
    expect(again.venueOrderId).toBe(order.venueOrderId);
  });

  it('reports a fill once however many polls see it, with a trade id derived from venue and execution', async () => {
    const { client, events, orders } = await connected();
    const order = submittedCryptoOrder({ quantity: 1, limitPrice: Price.of('95000') });
    orders.set(order.id, order);
    await client.submitOrder(order);
    const trade = server.book.fill(order.id, '1', '94999.99');
    await client.poll();
    await client.poll();
    const reported = fills(events);
    expect(reported).toHaveLength(1);
    expect(reported[0]?.executionId).toBe(`BTCUSDT:${trade.id}`);
    expect(reported[0]?.tradeId).toBe(deriveUuid('BINANCE', `BTCUSDT:${trade.id}`));
    expect(reported[0]?.lastPrice.toString()).toBe('94999.9900');
    expect(reported[0]?.liquidityTaker).toBe(false);
    expect(order.status).toBe('FILLED');
  });

  it('reports partial fills as they happen and completes the order with the last one', async () => {
    const { client, events, orders } = await connected();
    const order = submittedCryptoOrder({ quantity: 3, limitPrice: Price.of('95000') });
    orders.set(order.id, order);
    await client.submitOrder(order);
    server.book.fill(order.id, '1', '95000');
    await client.poll();
    expect(order.status).toBe('PARTIALLY_FILLED');
    expect(order.filledQuantity.value).toBe(1);
    server.book.fill(order.id, '2', '94990.5');
    await client.poll();
    expect(fills(events).map((fill) => fill.lastQuantity.value)).toEqual([1, 2]);
    expect(order.status).toBe('FILLED');
  });

  it('reports a market order filled from the FULL answer, and not again from myTrades', async () => {
    const { client, events, orders } = await connected();
    const order = submittedCryptoOrder({ quantity: 1 });
    orders.set(order.id, order);
    await client.submitOrder(order);
    await client.poll();
    expect(fills(events)).toHaveLength(1);
    expect(fills(events)[0]?.lastPrice.toString()).toBe('97000.1200');
    expect(fills(events)[0]?.liquidityTaker).toBe(true);
    expect(order.status).toBe('FILLED');
  });

  it('values a commission paid in the quote asset as is and one paid in the base asset at the trade price', async () => {
    const { client, events, orders } = await connected();
    const order = submittedCryptoOrder({ quantity: 2, limitPrice: Price.of('95000') });
    orders.set(order.id, order);
    await client.submitOrder(order);
    server.book.fill(order.id, '1', '95000', { amount: '9.50000000', asset: 'USDT' });
    server.book.fill(order.id, '1', '95000', { amount: '0.00100000', asset: 'BTC' });
    await client.poll();
    expect(fills(events).map((fill) => fill.commission.toString())).toEqual(['9.5000', '95.0000']);
  });

  it('cancels by origClientOrderId: pending cancel, then canceled', async () => {
    const { client, events, orders } = await connected();
    const order = submittedCryptoOrder({ quantity: 1, limitPrice: Price.of('95000') });
    orders.set(order.id, order);
    await client.submitOrder(order);
    await client.cancelOrder(order);
    const cancel = server.requests.find((request) => request.method === 'DELETE');
    expect(cancel?.parameters.get('origClientOrderId')).toBe(order.id);
    expect(events.map((event) => event.type)).toEqual([
      'OrderAccepted',
      'OrderPendingCancel',
      'OrderCanceled',
    ]);
    expect(order.status).toBe('CANCELED');
    expect(server.book.byClientOrderId(order.id)?.status).toBe('CANCELED');
  });

  it('reports the fills of a partly filled order before its cancel', async () => {
    const { client, events, orders } = await connected();
    const order = submittedCryptoOrder({ quantity: 3, limitPrice: Price.of('95000') });
    orders.set(order.id, order);
    await client.submitOrder(order);
    server.book.fill(order.id, '1', '95000');
    await client.cancelOrder(order);
    expect(events.map((event) => event.type)).toEqual([
      'OrderAccepted',
      'OrderPendingCancel',
      'OrderFilled',
      'OrderCanceled',
    ]);
    expect(order.filledQuantity.value).toBe(1);
  });

  it("refuses a cancel of an order that already filled with Binance's words, and the poll reports the fill", async () => {
    const { client, events, orders } = await connected();
    const order = submittedCryptoOrder({ quantity: 1, limitPrice: Price.of('95000') });
    orders.set(order.id, order);
    await client.submitOrder(order);
    server.book.fill(order.id, '1', '95000');
    await client.cancelOrder(order);
    const refusal = events.find((event) => event.type === 'OrderCancelRejected');
    expect(refusal).toMatchObject({ reason: expect.stringContaining('Unknown order sent.') });
    await client.poll();
    expect(order.status).toBe('FILLED');
  });

  it('closes an order Binance ended by itself (canceled or expired) when polling', async () => {
    const { client, orders } = await connected();
    const order = submittedCryptoOrder({ quantity: 1, limitPrice: Price.of('95000') });
    orders.set(order.id, order);
    await client.submitOrder(order);
    server.book.cancel(new URLSearchParams({ symbol: 'BTCUSDT', origClientOrderId: order.id }));
    await client.poll();
    expect(order.status).toBe('CANCELED');
  });

  it('expires an order Binance expired (an IOC remainder) when polling, after its fill', async () => {
    const { client, events, orders } = await connected();
    const order = submittedCryptoOrder({ quantity: 2, limitPrice: Price.of('95000'), timeInForce: 'IOC' });
    orders.set(order.id, order);
    await client.submitOrder(order);
    expect(server.requests.find((request) => request.method === 'POST')?.parameters.get('timeInForce')).toBe(
      'IOC',
    );
    server.book.fill(order.id, '1', '95000');
    server.book.expire(order.id);
    await client.poll();
    expect(events.map((event) => event.type)).toEqual(['OrderAccepted', 'OrderFilled', 'OrderExpired']);
    expect(order.status).toBe('EXPIRED');
  });

  it('reports the fills of a working order restored after a restart once it is watched', async () => {
    const first = await connected();
    const order = submittedCryptoOrder({ quantity: 1, limitPrice: Price.of('95000') });
    first.orders.set(order.id, order);
    await first.client.submitOrder(order);
    await first.client.disconnect();
    const second = await connected();
    second.orders.set(order.id, order);
    second.client.watch(order);
    server.book.fill(order.id, '1', '95000');
    await second.client.poll();
    expect(fills(second.events)).toHaveLength(1);
    expect(order.status).toBe('FILLED');
  });

  it("rejects an order Binance refuses for insufficient balance with Binance's message", async () => {
    const { client, events, orders } = await connected();
    const order = submittedCryptoOrder({ quantity: 20, limitPrice: Price.of('95000') });
    orders.set(order.id, order);
    await client.submitOrder(order);
    const rejection = events.find((event): event is OrderRejected => event.type === 'OrderRejected');
    expect(rejection?.reason).toBe('Account has insufficient balance for requested action.');
    expect(rejection?.reasonCode).toBe('BROKER_REJECTED');
    expect(order.status).toBe('REJECTED');
    expect(server.book.orderCount).toBe(0);
  });

  it('waits out Retry-After of a 429 and then places the order once', async () => {
    const { client, orders, waits } = await connected();
    const order = submittedCryptoOrder({ quantity: 1, limitPrice: Price.of('95000') });
    orders.set(order.id, order);
    server.failNext('POST', '/api/v3/order', { status: 429, body: tooManyRequests, retryAfterSeconds: 7 });
    await client.submitOrder(order);
    expect(waits).toContain(7_000);
    expect(server.count('POST', '/api/v3/order')).toBe(2);
    expect(server.book.orderCount).toBe(1);
    expect(order.status).toBe('ACCEPTED');
  });

  it('retries a query answered 503 with backoff and returns the answer', async () => {
    const { client, waits } = await connected({ retryBackoffMilliseconds: 40 });
    server.failNext('GET', '/api/v3/account', { status: 503, body: serviceUnavailable });
    const account = await client.account();
    expect(account.cash.toString()).toBe('1000000.0000');
    expect(waits).toContain(40);
    expect(server.count('GET', '/api/v3/account')).toBe(2);
  });

  it('gives up on a query still rate limited after its retries with RATE_LIMITED', async () => {
    const { client, waits } = await connected({ maxRetries: 2 });
    server.failNext(
      'GET',
      '/api/v3/account',
      { status: 429, body: tooManyRequests, retryAfterSeconds: 2 },
      3,
    );
    await expect(client.account()).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(waits.filter((wait) => wait === 2_000)).toHaveLength(3);
  });

  it('refuses what Binance spot cannot take: a DAY limit order and a stop order', async () => {
    const { client, events, orders } = await connected();
    const day = submittedCryptoOrder({ quantity: 1, limitPrice: Price.of('95000'), timeInForce: 'DAY' });
    const stop = submittedCryptoOrder({ quantity: 1, type: 'STOP', stopPrice: Price.of('90000') });
    orders.set(day.id, day);
    orders.set(stop.id, stop);
    await client.submitOrder(day);
    await client.submitOrder(stop);
    const reasons = events.filter((event): event is OrderRejected => event.type === 'OrderRejected');
    expect(reasons.map((event) => event.reason)).toEqual([
      expect.stringContaining('timeInForce: DAY does not exist'),
      expect.stringContaining('orderType: STOP orders are not sent'),
    ]);
    expect(server.count('POST', '/api/v3/order')).toBe(0);
  });

  it('tells of a fractional fill instead of reporting it, once', async () => {
    const { client, events, orders, errors } = await connected();
    const order = submittedCryptoOrder({ quantity: 1, limitPrice: Price.of('95000') });
    orders.set(order.id, order);
    await client.submitOrder(order);
    server.book.fill(order.id, '0.5', '95000');
    await client.poll();
    await client.poll();
    expect(fills(events)).toHaveLength(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('fractional'),
    });
  });

  it('polls on its own every pollMilliseconds', async () => {
    const { client, orders } = await connected({ pollMilliseconds: 10 });
    const order = submittedCryptoOrder({ quantity: 1, limitPrice: Price.of('95000') });
    orders.set(order.id, order);
    await client.submitOrder(order);
    server.book.fill(order.id, '1', '95000');
    await vi.waitFor(() => expect(order.status).toBe('FILLED'), { timeout: 10_000 });
  });
});

describe('CcxtExecutionClient configuration', () => {
  it('refuses a symbol the venue does not list', async () => {
    await expect(connectedCryptoClient(server, { symbols: ['DOGE/USDT'] })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
  });

  it('answers UNAUTHORIZED when Binance refuses the API key, without showing the secret', async () => {
    const { client } = await connected({ credentials: { apiKey: 'wrong-key', secret: 'very-secret-value' } });
    const error = await client.account().then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(String((error as Error).message)).not.toContain('very-secret-value');
  });
});

describe('CcxtExecutionClient reconciliation', () => {
  it('returns the open orders Binance holds, ours by order id and others with none', async () => {
    const { client, orders } = await connected();
    const order = submittedCryptoOrder({ quantity: 2, limitPrice: Price.of('95000.5') });
    orders.set(order.id, order);
    await client.submitOrder(order);
    server.book.fill(order.id, '1', '95000.5');
    server.book.place(
      new URLSearchParams({
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'LIMIT',
        quantity: '1',
        price: '99000',
        timeInForce: 'GTC',
        newClientOrderId: 'web_placed_by_hand',
      }),
    );
    const open = await client.openOrders();
    expect(open).toHaveLength(2);
    expect(open[0]).toMatchObject({
      orderId: order.id,
      symbol: 'BTC/USDT',
      side: 'BUY',
      orderType: 'LIMIT',
      timeInForce: 'GTC',
      status: 'partially_filled',
    });
    expect(open[0]?.quantity.value).toBe(2);
    expect(open[0]?.filledQuantity.value).toBe(1);
    expect(open[0]?.limitPrice?.toString()).toBe('95000.5000');
    expect(open[1]).toMatchObject({ orderId: null, side: 'SELL', status: 'open' });
  });

  it('reports one order by our order id, and null for one Binance never saw', async () => {
    const { client, orders } = await connected();
    const order = submittedCryptoOrder({ quantity: 1, limitPrice: Price.of('95000') });
    orders.set(order.id, order);
    await client.submitOrder(order);
    await client.cancelOrder(order);
    expect(await client.orderReport(order.id)).toMatchObject({ orderId: order.id, status: 'canceled' });
    const never = submittedCryptoOrder({ quantity: 1 });
    expect(await client.orderReport(never.id)).toBeNull();
  });

  it('returns the executions since a time with exact prices and our order ids', async () => {
    const { client, orders } = await connected();
    const before = Date.now();
    const order = submittedCryptoOrder({ quantity: 2, limitPrice: Price.of('95000') });
    orders.set(order.id, order);
    await client.submitOrder(order);
    const first = server.book.fill(order.id, '1', '94999.99');
    const second = server.book.fill(order.id, '1', '94999.98', { amount: '1.25', asset: 'USDT' });
    const executions = await client.executionsSince(before);
    expect(executions.map((execution) => execution.executionId)).toEqual([
      `BTCUSDT:${first.id}`,
      `BTCUSDT:${second.id}`,
    ]);
    expect(executions[1]).toMatchObject({ orderId: order.id, symbol: 'BTC/USDT', side: 'BUY' });
    expect(executions[1]?.price.toString()).toBe('94999.9800');
    expect(executions[1]?.commission.toString()).toBe('1.2500');
    expect(await client.executionsSince(Date.now() + 60_000)).toEqual([]);
  });

  it('walks the trades by id when asked for executions older than the one-day window Binance allows', async () => {
    const { client, orders } = await connected();
    const order = submittedCryptoOrder({ quantity: 2, limitPrice: Price.of('95000') });
    orders.set(order.id, order);
    await client.submitOrder(order);
    server.book.fill(order.id, '1', '95000');
    server.book.fill(order.id, '1', '95000');
    const executions = await client.executionsSince(Date.now() - 3 * 24 * 60 * 60 * 1000);
    expect(executions).toHaveLength(2);
    const queries = server.requests.filter((request) => request.path === '/api/v3/myTrades');
    expect(queries.at(-1)?.parameters.get('fromId')).toBe('0');
    expect(queries.at(-1)?.parameters.get('startTime')).toBeNull();
  });

  it('returns positions as whole non-zero base balances and the account from the quote balance', async () => {
    server.book.setBalance('ETH', '3.99950000', '1');
    server.book.setBalance('USDT', '1234.56789', '100');
    const { client } = await connected();
    expect(await client.positions()).toEqual([
      { symbol: 'BTC/USDT', netQuantity: 2, averageCost: null },
      { symbol: 'ETH/USDT', netQuantity: 4, averageCost: null },
    ]);
    const account = await client.account();
    expect(account.cash.toString()).toBe('1334.5679');
    expect(account.buyingPower.toString()).toBe('1234.5679');
  });
});
