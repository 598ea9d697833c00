// Orders and a connected client for ccxt adapter tests: each order applies the events the client
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
  type TimeInForce,
} from '@ats/core';
import { CcxtExecutionClient, type CcxtExecutionClientOptions } from '../ccxt-execution-client.js';
import type { BinanceTestServer } from './binance-test-server.js';

let sequence = 0;

/** A submitted order as the engine hands it to a client: OrderInitialized then OrderSubmitted. */
export function submittedCryptoOrder(
  options: {
    side?: 'BUY' | 'SELL';
    quantity?: number;
    type?: OrderType;
    limitPrice?: Price | null;
    stopPrice?: Price | null;
    timeInForce?: TimeInForce;
    symbol?: string;
  } = {},
): Order {
  sequence += 1;
  const orderId = `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}` as OrderId;
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
    accountId: 'binance-spot' as AccountId,
    strategyId: 'test-strategy' as StrategyId,
    symbol: (options.symbol ?? 'BTC/USDT') as Ticker,
    side: options.side ?? 'BUY',
    orderType: options.type ?? (options.limitPrice ? 'LIMIT' : 'MARKET'),
    quantity: Quantity.of(options.quantity ?? 1),
    limitPrice: options.limitPrice ?? null,
    stopPrice: options.stopPrice ?? null,
    timeInForce: options.timeInForce ?? 'GTC',
    signalId: null,
    riskAssessmentId: null,
    expiresAt: null,
  });
  order.apply({ ...header('submitted'), type: 'OrderSubmitted' });
  return order;
}

/**
 * A client connected to a test server, polling only when a test calls `poll()`; `events` lists
 * everything it emitted (applied to `orders`), `waits` every Retry-After or backoff it waited.
 */
export async function connectedCryptoClient(
  server: BinanceTestServer,
  overrides: Partial<CcxtExecutionClientOptions> = {},
): Promise<{
  client: CcxtExecutionClient;
  events: OrderEvent[];
  orders: Map<OrderId, Order>;
  waits: number[];
  errors: unknown[];
}> {
  const events: OrderEvent[] = [];
  const orders = new Map<OrderId, Order>();
  const waits: number[] = [];
  const errors: unknown[] = [];
  const client = new CcxtExecutionClient({
    baseUrl: server.url,
    credentials: { apiKey: server.apiKey, secret: server.secret },
    symbols: ['BTC/USDT', 'ETH/USDT'],
    clock: new LiveClock(),
    ids: new IdGenerator(new SeededRandom(11)),
    pollMilliseconds: 0,
    sleep: async (milliseconds) => {
      waits.push(milliseconds);
    },
    onError: (error) => errors.push(error),
    ...overrides,
  });
  client.onEvent((event) => {
    events.push(event);
    orders.get(event.orderId)?.apply(event);
  });
  await client.connect();
  return { client, events, orders, waits, errors };
}
