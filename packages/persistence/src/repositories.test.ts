// One repository suite, run against PGlite always and against PostgreSQL when DATABASE_URL is set.
import {
  type AccountId,
  type EventId,
  Money,
  Order,
  type OrderFilled,
  type OrderId,
  Price,
  Quantity,
  type SignalGenerated,
  type SignalId,
  type StrategyId,
  type Ticker,
  type TradeId,
} from '@ats/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepositories } from './create-repositories.js';
import { migrate, readMigrations } from './migrator.js';
import { openTestDatabase, type TestDatabase, testDatabaseKinds } from './test-database.js';

const aapl = 'AAPL' as Ticker;
const account = 'acct' as AccountId;
const strategy = 'alpha' as StrategyId;
const orderId = '11111111-1111-4111-8111-111111111111' as OrderId;

function newOrder(id: OrderId = orderId): Order {
  return new Order({
    type: 'OrderInitialized',
    id: 'e1' as EventId,
    occurredAt: Date.UTC(2024, 0, 2, 15),
    receivedAt: Date.UTC(2024, 0, 2, 15),
    causationId: null,
    orderId: id,
    accountId: account,
    strategyId: strategy,
    symbol: aapl,
    side: 'BUY',
    orderType: 'LIMIT',
    quantity: Quantity.of(100),
    limitPrice: Price.of('187.25'),
    stopPrice: null,
    timeInForce: 'DAY',
    signalId: null,
    riskAssessmentId: null,
    expiresAt: null,
  });
}

function fill(
  tradeId: string,
  quantity: number,
  price: string,
  at: number,
  commission = '1.0000',
  id: OrderId = orderId,
): OrderFilled {
  return {
    type: 'OrderFilled',
    id: `fill-${tradeId}` as EventId,
    occurredAt: at,
    receivedAt: at,
    causationId: null,
    orderId: id,
    tradeId: tradeId as TradeId,
    accountId: account,
    strategyId: strategy,
    symbol: aapl,
    side: 'BUY',
    lastQuantity: Quantity.of(quantity),
    lastPrice: Price.of(price),
    commission: Money.of(commission),
    venue: 'PAPER',
    executionId: `execution-${tradeId}`,
    liquidityTaker: true,
  };
}

describe.each(testDatabaseKinds())('repositories on %s', (kind) => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await openTestDatabase(kind);
  });
  afterEach(async () => {
    await test.dispose();
  });

  it('migrates idempotently and refuses a changed migration', async () => {
    expect(await migrate(test.database)).toEqual([]);
    const changed = readMigrations().map((migration, index) =>
      index === 0 ? { ...migration, checksum: 'changed' } : migration,
    );
    await expect(migrate(test.database, changed)).rejects.toThrow(/was changed after it was applied/);
  });

  it('writes quotes in bulk and reads them back exactly', async () => {
    const { marketData } = createRepositories(test.database);
    const base = Date.UTC(2024, 0, 2, 14, 30);
    const quotes = Array.from({ length: 2500 }, (_, index) => ({
      symbol: aapl,
      time: base + index * 1000,
      receivedAt: base + index * 1000 + 3,
      bid: Price.of('12345678.1233'),
      ask: Price.of('12345678.1235'),
      bidSize: 100 + index,
      askSize: 200,
      last: Price.of('12345678.1234'),
      volume: index,
    }));
    await marketData.appendQuotes(quotes);
    expect(await marketData.countQuotes(aapl)).toBe(2500);
    const [latest] = await marketData.latestQuotes(aapl, 1);
    expect(latest?.time).toBe(base + 2499 * 1000);
    expect(latest?.last.toString()).toBe('12345678.1234');
    expect(latest?.bid.toString()).toBe('12345678.1233');
    expect(latest?.bidSize).toBe(2599);
    expect(latest?.receivedAt).toBe(base + 2499 * 1000 + 3);
  });

  it('upserts bars by symbol, timeframe and time', async () => {
    const { marketData } = createRepositories(test.database);
    const bar = (close: string, time = 0) => ({
      symbol: aapl,
      timeframe: '1m' as const,
      time: Date.UTC(2024, 0, 2, 14, 30) + time,
      open: Price.of('10'),
      high: Price.of('11'),
      low: Price.of('9'),
      close: Price.of(close),
      volume: 1000,
    });
    await marketData.appendBars([bar('10.5'), bar('10.6', 60_000)]);
    await marketData.appendBars([bar('10.7'), bar('10.8')]);
    const bars = await marketData.loadBars(aapl, '1m', 0, Number.MAX_SAFE_INTEGER);
    expect(bars.map((entry) => entry.close.toString())).toEqual(['10.8000', '10.6000']);
  });

  it('saves an order through its states', async () => {
    const { orders } = createRepositories(test.database);
    const order = newOrder();
    await orders.saveOrder(order);
    order.apply({
      type: 'OrderSubmitted',
      id: 'e2' as EventId,
      occurredAt: 1,
      receivedAt: 1,
      causationId: null,
      orderId,
    });
    order.apply({
      type: 'OrderAccepted',
      id: 'e3' as EventId,
      occurredAt: 2,
      receivedAt: 2,
      causationId: null,
      orderId,
      venueOrderId: 'v',
    });
    order.apply(fill('22222222-2222-4222-8222-222222222222', 40, '187.20', 3));
    await orders.saveOrder(order);
    const stored = await orders.findOrder(orderId);
    expect(stored?.status).toBe('PARTIALLY_FILLED');
    expect(stored?.filledQuantity).toBe(40);
    expect(stored?.price?.toString()).toBe('187.2500');
    expect(stored?.averageFillPrice?.toString()).toBe('187.2000');
    expect((await orders.listOrders({ openOnly: true })).map((record) => record.id)).toEqual([orderId]);
    expect(await orders.listOrders({ status: 'FILLED' })).toEqual([]);
    expect(await orders.findOrder('not-a-uuid' as OrderId)).toBeNull();
  });

  it('records a fill once, lists trades in execution order, and keeps pnl exactly', async () => {
    const { orders, trades } = createRepositories(test.database);
    await orders.saveOrder(newOrder());
    const first = fill('33333333-3333-4333-8333-333333333333', 10, '187.20', 1000);
    expect(await trades.recordFill(first, null)).toBe(true);
    expect(await trades.recordFill(first, null)).toBe(false);
    await trades.recordFill(
      fill('44444444-4444-4444-8444-444444444444', 5, '187.21', 1000),
      Money.of('-12.3456'),
    );
    const listed = await trades.listTrades({ accountId: account });
    expect(listed.map((trade) => trade.quantity)).toEqual([10, 5]);
    expect(listed[1]?.pnl?.toString()).toBe('-12.3456');
    expect(listed[0]?.commission.toString()).toBe('1.0000');
    expect((await trades.listTrades({ limit: 1 })).map((trade) => trade.quantity)).toEqual([5]);
  });

  it('stores a commission of 10,000 and more (the spec column DECIMAL(8,4) is widened to 15,4)', async () => {
    const { orders, trades } = createRepositories(test.database);
    await orders.saveOrder(newOrder());
    const large = fill('55555555-5555-4555-8555-555555555555', 1, '1', 0, '123456789.1234');
    expect(await trades.recordFill(large, Money.of('-98765432.1234'))).toBe(true);
    const [stored] = await trades.listTrades();
    expect(stored?.commission.toString()).toBe('123456789.1234');
    expect(stored?.pnl?.toString()).toBe('-98765432.1234');
  });

  it('refuses a commission too large for DECIMAL(15,4), naming the column', async () => {
    const { orders, trades } = createRepositories(test.database);
    await orders.saveOrder(newOrder());
    const huge = fill('66666666-6666-4666-8666-666666666666', 1, '1', 0, '100000000000.0000');
    await expect(trades.recordFill(huge, null)).rejects.toThrow(
      /trades\.commission .* does not fit DECIMAL\(15,4\)/,
    );
    expect(await trades.listTrades()).toEqual([]);
  });

  it('records a fill once per venue execution id, whatever trade id a redelivery carries', async () => {
    const { orders, trades } = createRepositories(test.database);
    await orders.saveOrder(newOrder());
    const original = fill('77777777-7777-4777-8777-777777777777', 3, '10', 0);
    expect(await trades.recordFill(original, null)).toBe(true);
    const again = { ...original, tradeId: '88888888-8888-4888-8888-888888888888' as TradeId };
    expect(await trades.recordFill(again, null)).toBe(false);
    expect((await trades.listTrades()).map((trade) => trade.executionId)).toEqual([original.executionId]);
  });

  it('upserts positions, stores snapshots with metrics and accounts', async () => {
    const { portfolio } = createRepositories(test.database);
    const created = await portfolio.ensureAccount(account, Money.of('100000'), 0);
    const again = await portfolio.ensureAccount(account, Money.of('5'), 0);
    expect(again.startingCash.toString()).toBe(created.startingCash.toString());
    const position = {
      symbol: aapl,
      netQuantity: -30,
      averageCost: Price.of('10.1234'),
      marketPrice: Price.of('10'),
      marketValue: Money.of('-300'),
      unrealizedPnl: Money.of('3.702'),
      realizedPnl: Money.of('0'),
    };
    await portfolio.savePositions(account, [position], 0);
    await portfolio.savePositions(
      account,
      [{ ...position, netQuantity: -10, marketValue: Money.of('-100') }],
      1,
    );
    const loaded = await portfolio.loadPositions(account);
    expect(loaded).toHaveLength(1);
    expect(loaded[0]?.netQuantity).toBe(-10);
    expect(loaded[0]?.unrealizedPnl.toString()).toBe('3.7020');
    await portfolio.saveSnapshot({
      accountId: account,
      date: '2024-01-02',
      totalValue: Money.of('100100'),
      cashBalance: Money.of('90000'),
      investedValue: Money.of('10100'),
      dayPnl: Money.of('100'),
      totalPnl: null,
      performanceMetrics: { sharpe: 1.25, trades: 3 },
    });
    const [snapshot] = await portfolio.listSnapshots(account);
    expect(snapshot?.date).toBe('2024-01-02');
    expect(snapshot?.performanceMetrics).toEqual({ sharpe: 1.25, trades: 3 });
    expect(snapshot?.totalPnl).toBeNull();
  });

  it('stores signals and assessments and marks processed events once', async () => {
    const { signals, processedEvents, strategies } = createRepositories(test.database);
    const signal: SignalGenerated = {
      type: 'SignalGenerated',
      id: 'signal-event-1' as EventId,
      occurredAt: 5,
      receivedAt: 5,
      causationId: null,
      signalId: '66666666-6666-4666-8666-666666666666' as SignalId,
      strategyId: strategy,
      symbol: aapl,
      direction: 'LONG',
      strength: 0.75,
      referencePrice: Price.of('10.01'),
      limitPrice: null,
    };
    await signals.saveSignal(signal);
    await signals.saveSignal(signal);
    const [stored] = await signals.listSignals();
    expect(stored?.referencePrice.toString()).toBe('10.0100');
    expect(stored?.strength).toBe(0.75);
    await signals.saveAssessment({
      type: 'SignalRejected',
      id: 'assessment-event' as EventId,
      occurredAt: 6,
      receivedAt: 6,
      causationId: signal.id,
      assessmentId: '77777777-7777-4777-8777-777777777777' as SignalRejected['assessmentId'],
      signalId: signal.signalId,
      strategyId: strategy,
      symbol: aapl,
      reasonCode: 'RISK_MAX_POSITION_SIZE',
      reason: 'too big',
    });
    const [assessment] = await signals.listAssessments();
    expect(assessment?.type === 'SignalRejected' && assessment.reasonCode).toBe('RISK_MAX_POSITION_SIZE');
    expect(await processedEvents.markProcessed('risk', 'event-1')).toBe(true);
    expect(await processedEvents.markProcessed('risk', 'event-1')).toBe(false);
    expect(await processedEvents.markProcessed('executor', 'event-1')).toBe(true);
    await strategies.saveStrategy({
      id: strategy,
      kind: 'sma-cross',
      parameters: { fast: 5 },
      symbols: [aapl],
      enabled: true,
    });
    expect(await strategies.listStrategies()).toEqual([
      { id: strategy, kind: 'sma-cross', parameters: { fast: 5 }, symbols: [aapl], enabled: true },
    ]);
  });
});

type SignalRejected = import('@ats/core').SignalRejected;
