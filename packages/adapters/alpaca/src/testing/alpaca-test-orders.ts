// Orders and a connected client for Alpaca adapter tests: each order applies the events the client
// emits, as the execution engine would, so an illegal event fails the test.
import {
  type AccountId,
  type EventId,
  IdGenerator,
  LiveClock,
  Order,
  type OrderEvent,
  type OrderId,
  type OrderType,
  type Price,
  Quantity,
  SeededRandom,
  type StrategyId,
  type Ticker,
} from '@ats/core';
import { AlpacaExecutionClient, type AlpacaExecutionClientOptions } from '../alpaca-execution-client.js';
import type { AlpacaTestServer } from './alpaca-test-server.js';

let sequence = 0;

/** A submitted order as the engine hands it to a client: OrderInitialized then OrderSubmitted. */
export function submittedOrder(
  options: {
    id?: string;
    side?: 'BUY' | 'SELL';
    quantity?: number;
    type?: OrderType;
    limitPrice?: Price | null;
    symbol?: string;
  } = {},
): Order {
  sequence += 1;
  const orderId = (options.id ?? `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`) as OrderId;
  const header = (type: string) => ({
    id: `test-${type}-${sequence}` as EventId,
    orderId,
    occurredAt: 0,
    receivedAt: 0,
    causationId: null,
  });
  const order = new Order({
    ...header('initialized'),
    type: 'OrderInitialized',
    accountId: 'alpaca-paper' as AccountId,
    strategyId: 'test-strategy' as StrategyId,
    symbol: (options.symbol ?? 'AAPL') as Ticker,
    side: options.side ?? 'BUY',
    orderType: options.type ?? (options.limitPrice ? 'LIMIT' : 'MARKET'),
    quantity: Quantity.of(options.quantity ?? 100),
    limitPrice: options.limitPrice ?? null,
    stopPrice: null,
    timeInForce: 'DAY',
    signalId: null,
    riskAssessmentId: null,
    expiresAt: null,
  });
  order.apply({ ...header('submitted'), type: 'OrderSubmitted' });
  return order;
}

/** A client connected to a test server; `events` lists everything it emitted, applied to `orders`. */
export async function connectedClient(
  server: AlpacaTestServer,
  overrides: Partial<AlpacaExecutionClientOptions> = {},
): Promise<{ client: AlpacaExecutionClient; events: OrderEvent[]; orders: Map<OrderId, Order> }> {
  const events: OrderEvent[] = [];
  const orders = new Map<OrderId, Order>();
  const client = new AlpacaExecutionClient({
    endpoints: { restUrl: server.restUrl, streamUrl: server.streamUrl },
    credentials: { keyId: server.keyId, secret: server.secret },
    clock: new LiveClock(),
    ids: new IdGenerator(new SeededRandom(7)),
    reconnectDelayMilliseconds: 20,
    retryBackoffMilliseconds: 1,
    ...overrides,
  });
  client.onEvent((event) => {
    events.push(event);
    orders.get(event.orderId)?.apply(event);
  });
  await client.connect();
  return { client, events, orders };
}
