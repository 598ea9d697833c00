// Broker failover between two loopback Alpaca servers: new orders move to the secondary when the
// primary stops answering, orders at the primary stay there, and no order is ever sent to both.
import { AlpacaExecutionClient, AlpacaTestServer, submittedOrder } from '@ats/adapter-alpaca';
import {
  IdGenerator,
  LiveClock,
  type Order,
  type OrderEvent,
  type OrderId,
  SeededRandom,
  TestClock,
} from '@ats/core';
import { FailoverExecutionClient, type FailoverReport } from '@ats/engine';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

let primaryServer: AlpacaTestServer;
let secondaryServer: AlpacaTestServer;
let failover: FailoverExecutionClient;
let reports: FailoverReport[];
let orders: Map<OrderId, Order>;
let events: OrderEvent[];

function alpacaClient(server: AlpacaTestServer, venue: string, seed: number): AlpacaExecutionClient {
  return new AlpacaExecutionClient({
    venue,
    endpoints: { restUrl: server.restUrl, streamUrl: server.streamUrl },
    credentials: { keyId: server.keyId, secret: server.secret },
    clock: new LiveClock(),
    ids: new IdGenerator(new SeededRandom(seed)),
    // One attempt per call, so each probe or submit is one request the test can account for.
    maxRetries: 0,
    retryBackoffMilliseconds: 1,
    reconnectDelayMilliseconds: 20,
  });
}

beforeEach(async () => {
  primaryServer = await AlpacaTestServer.start({ idPrefix: 1 });
  secondaryServer = await AlpacaTestServer.start({ idPrefix: 2 });
  reports = [];
  orders = new Map();
  events = [];
  failover = new FailoverExecutionClient({
    primary: alpacaClient(primaryServer, 'ALPACA-PRIMARY', 1),
    secondary: alpacaClient(secondaryServer, 'ALPACA-SECONDARY', 2),
    clock: new LiveClock(),
    failuresBeforeFailover: 2,
    onFailover: (report) => reports.push(report),
  });
  failover.onEvent((event) => {
    events.push(event);
    orders.get(event.orderId)?.apply(event);
  });
  await failover.connect();
});

afterEach(async () => {
  await failover.disconnect();
  await primaryServer.stop().catch(() => {});
  await secondaryServer.stop();
});

function order(quantity: number): Order {
  const created = submittedOrder({ quantity });
  orders.set(created.id, created);
  return created;
}

describe('FailoverExecutionClient', () => {
  it('sends new orders to the secondary once the primary stops answering its heartbeat', async () => {
    const first = order(10);
    await failover.submitOrder(first);
    expect(primaryServer.book.byClientOrderId(first.id)).toBeDefined();
    expect(failover.venue).toBe('ALPACA-PRIMARY');

    await primaryServer.stop();
    expect(await failover.probe()).toBe(false);
    expect(failover.activeRole).toBe('primary');
    expect(await failover.probe()).toBe(false);
    expect(failover.activeRole).toBe('secondary');
    expect(failover.venue).toBe('ALPACA-SECONDARY');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      from: 'ALPACA-PRIMARY',
      to: 'ALPACA-SECONDARY',
      primaryReachable: false,
    });

    const second = order(20);
    await failover.submitOrder(second);
    expect(secondaryServer.book.byClientOrderId(second.id)).toBeDefined();
    expect(primaryServer.book.byClientOrderId(second.id)).toBeUndefined();
    // The order placed before the failover stays with the primary.
    expect(failover.homeOf(first.id)).toBe('primary');
    expect(secondaryServer.book.byClientOrderId(first.id)).toBeUndefined();

    secondaryServer.book.fill(second.id, 20, '99.5');
    await vi.waitFor(() => expect(second.status).toBe('FILLED'));
  });

  it('stays on the primary while its heartbeat answers between failures', async () => {
    primaryServer.failNext('GET', '/v2/account', 503, 'service unavailable');
    expect(await failover.probe()).toBe(false);
    expect(await failover.probe()).toBe(true);
    primaryServer.failNext('GET', '/v2/account', 503, 'service unavailable');
    expect(await failover.probe()).toBe(false);
    expect(failover.activeRole).toBe('primary');
    expect(reports).toHaveLength(0);
  });

  it('reconciles at failover: reports the primary open orders, which stay there', async () => {
    const working = order(5);
    await failover.submitOrder(working);
    primaryServer.failNext('GET', '/v2/account', 503, 'service unavailable', { times: 2 });
    await failover.probe();
    await failover.probe();
    expect(reports[0]?.primaryReachable).toBe(true);
    expect(reports[0]?.primaryOpenOrders.map((report) => report.orderId)).toEqual([working.id]);
    await failover.cancelOrder(working);
    await vi.waitFor(() => expect(working.status).toBe('CANCELED'));
    expect(primaryServer.book.byClientOrderId(working.id)?.status).toBe('canceled');
  });

  it('never sends to the secondary an order the primary may hold, until the primary says it has it', async () => {
    const uncertain = order(7);
    // The primary places the order but the answer is lost, and it cannot be asked about it.
    primaryServer.dropResponseAfterNextPlacement();
    primaryServer.failNext('GET', '/v2/orders:by_client_order_id', 503, 'service unavailable', { times: 10 });
    primaryServer.failNext('GET', '/v2/account', 503, 'service unavailable', { times: 10 });
    primaryServer.failNext('GET', '/v2/orders', 503, 'service unavailable', { times: 10 });
    await expect(failover.submitOrder(uncertain)).rejects.toMatchObject({ code: 'BROKER_UNAVAILABLE' });
    await failover.probe();
    expect(failover.activeRole).toBe('secondary');
    expect(reports[0]?.unresolvedOrderIds).toEqual([uncertain.id]);

    // Resubmitted while the primary still cannot say: refused, and the secondary never sees it.
    await expect(failover.submitOrder(uncertain)).rejects.toBeDefined();
    expect(secondaryServer.book.byClientOrderId(uncertain.id)).toBeUndefined();

    // Once the primary answers, it has the order: it stays there, one order in all.
    primaryServer.clearFaults();
    await failover.submitOrder(uncertain);
    expect(secondaryServer.book.byClientOrderId(uncertain.id)).toBeUndefined();
    expect(primaryServer.book.openOrders().map((placed) => placed.client_order_id)).toEqual([uncertain.id]);
    expect(secondaryServer.count('POST', '/v2/orders')).toBe(0);
  });

  it('sends an order the primary never received to the secondary once the primary says so', async () => {
    const lost = order(3);
    primaryServer.failNext('POST', '/v2/orders', 503, 'service unavailable', { times: 10 });
    primaryServer.failNext('GET', '/v2/orders:by_client_order_id', 503, 'service unavailable', { times: 10 });
    primaryServer.failNext('GET', '/v2/account', 503, 'service unavailable', { times: 10 });
    primaryServer.failNext('GET', '/v2/orders', 503, 'service unavailable', { times: 10 });
    await expect(failover.submitOrder(lost)).rejects.toMatchObject({ code: 'BROKER_UNAVAILABLE' });
    await failover.probe();
    expect(failover.activeRole).toBe('secondary');

    primaryServer.clearFaults();
    await failover.submitOrder(lost);
    expect(primaryServer.book.byClientOrderId(lost.id)).toBeUndefined();
    expect(secondaryServer.book.byClientOrderId(lost.id)).toBeDefined();
    expect(failover.homeOf(lost.id)).toBe('secondary');
  });

  it('probes the primary every interval of wall time and fails over without being asked', async () => {
    const probing = new FailoverExecutionClient({
      primary: alpacaClient(primaryServer, 'ALPACA-PRIMARY', 3),
      secondary: alpacaClient(secondaryServer, 'ALPACA-SECONDARY', 4),
      // The market clock stands still: the probes run on wall time.
      clock: new TestClock(0),
      failuresBeforeFailover: 2,
      probeIntervalMilliseconds: 100,
    });
    try {
      await probing.connect();
      primaryServer.failNext('GET', '/v2/account', 503, 'service unavailable', { times: 2 });
      probing.startProbing();
      await vi.waitFor(() => expect(probing.activeRole).toBe('secondary'), { timeout: 30_000 });
      // The probe after the second failure is the failover's: no probe runs once the secondary is active.
      expect(primaryServer.count('GET', '/v2/account')).toBe(2);
    } finally {
      await probing.disconnect();
    }
  });

  it('cancels an order it did not send at the venue that holds it', async () => {
    const elsewhere = order(4);
    // Placed at the secondary by an earlier process: this client has no record of it.
    const earlier = alpacaClient(secondaryServer, 'ALPACA-SECONDARY', 5);
    await earlier.submitOrder(elsewhere);
    await failover.cancelOrder(elsewhere);
    expect(secondaryServer.book.byClientOrderId(elsewhere.id)?.status).toBe('canceled');
    expect(failover.homeOf(elsewhere.id)).toBe('secondary');
    expect(primaryServer.requests.filter((request) => request.method === 'DELETE')).toEqual([]);
  });
});
