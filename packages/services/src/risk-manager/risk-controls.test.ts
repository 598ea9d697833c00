// The Risk Manager's stored controls on PGlite and PostgreSQL: a restart (a new engine and desk over
// the same database) keeps today's loss, the high-water mark, the kill switch, the limit overrides and
// the restricted list; the API validates changes, stores them and publishes each as an event.
import {
  type AccountId,
  defineEquity,
  type EventId,
  IdGenerator,
  Money,
  type OrderId,
  type PlatformEvent,
  Price,
  Quantity,
  SeededRandom,
  type StrategyId,
  TestClock,
  type Ticker,
  type TradeId,
  topics,
} from '@ats/core';
import { InProcessMessageBus, Portfolio, RiskEngine } from '@ats/engine';
import {
  openTestDatabase,
  SqlRiskControlStore,
  type TestDatabase,
  testDatabaseKinds,
} from '@ats/persistence';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServiceApp } from '../http/build-http-app.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { testAdminHeaders, testRequestSecurity } from '../security/test-credentials.js';
import { RiskControlDesk } from './risk-control-desk.js';
import { RiskManagerModule } from './risk-manager-module.js';

const start = Date.UTC(2026, 2, 2, 15, 0);
const limits = {
  maxPositionSize: 0.1,
  maxSectorExposure: 0.3,
  dailyLossLimit: Money.of('500'),
  positionFraction: 0.1,
  allowShort: false,
};

/** One run of the Risk Manager's engine and desk over a database, with a fill of MSFT marked at a loss. */
async function riskManagerRun(database: TestDatabase['database'], clock: TestClock, msftMarkAtStart = '100') {
  const bus = new InProcessMessageBus();
  const ids = new IdGenerator(new SeededRandom(5));
  const portfolio = new Portfolio('acct' as AccountId, Money.of('100000'));
  let desk: RiskControlDesk | undefined;
  const risk = new RiskEngine({
    bus,
    clock,
    ids,
    portfolio,
    instruments: [defineEquity({ symbol: 'AAPL' }), defineEquity({ symbol: 'MSFT' })],
    limits,
    accountId: 'acct',
    onDayStateChange: (record) => desk?.saveDayState(record),
  });
  desk = new RiskControlDesk({
    risk,
    store: new SqlRiskControlStore(database, 'acct'),
    bus,
    clock,
    ids,
    accountId: 'acct' as AccountId,
    onError: (error) => {
      throw error;
    },
  });
  const events: PlatformEvent[] = [];
  bus.subscribe(topics.riskLimits, (event) => {
    events.push(event);
  });
  // The restored portfolio: the same stored fill in every run.
  portfolio.applyFill({
    type: 'OrderFilled',
    id: 'fill-1' as EventId,
    occurredAt: start,
    receivedAt: start,
    causationId: null,
    orderId: 'order-1' as OrderId,
    tradeId: 'trade-1' as TradeId,
    accountId: 'acct' as AccountId,
    strategyId: 'alpha' as StrategyId,
    symbol: 'MSFT' as Ticker,
    side: 'BUY',
    lastQuantity: Quantity.of(100),
    lastPrice: Price.of('100'),
    commission: Money.zero,
    venue: 'TEST',
    executionId: 'execution-1',
    liquidityTaker: true,
  });
  portfolio.updateMark('MSFT' as Ticker, Price.of(msftMarkAtStart), clock.now());
  await desk.restore();
  risk.start();
  const check = () =>
    risk.checkOrder({
      origin: 'algorithm',
      strategyId: 'alpha',
      symbol: 'AAPL' as Ticker,
      side: 'BUY',
      quantity: 1,
      orderType: 'MARKET',
      limitPrice: null,
      stopPrice: null,
      reduceOnly: false,
    });
  return { risk, desk, portfolio, events, check };
}

describe.each(testDatabaseKinds())('Risk Manager controls on %s', (kind) => {
  let test: TestDatabase | undefined;
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await test?.dispose();
    test = undefined;
  });

  it("keeps today's loss and the high-water mark across a restart, and starts a new day on the next date", async () => {
    test = await openTestDatabase(kind);
    const clock = new TestClock(start);
    const first = await riskManagerRun(test.database, clock);
    first.portfolio.updateMark('AAPL' as Ticker, Price.of('100'), clock.now());
    expect(first.check()).toBeNull();
    first.portfolio.updateMark('MSFT' as Ticker, Price.of('94'), clock.now()); // -600 today
    expect(first.check()).toMatchObject({ code: 'RISK_DAILY_LOSS_LIMIT', limit: '500', actual: '600' });
    await first.desk.idle();
    await first.risk.stop();

    // Restarted later the same day: the restored portfolio is marked at the loss again.
    clock.advanceTo(start + 3_600_000);
    const second = await riskManagerRun(test.database, clock);
    second.portfolio.updateMark('AAPL' as Ticker, Price.of('100'), clock.now());
    second.portfolio.updateMark('MSFT' as Ticker, Price.of('94'), clock.now());
    expect(second.check()).toMatchObject({ code: 'RISK_DAILY_LOSS_LIMIT', actual: '600' });
    expect(second.desk.dayStateView()).toMatchObject({
      day: '2026-03-02',
      dayStartEquity: '100000.0000',
      highWaterMark: '100000.0000',
    });
    await second.risk.stop();

    // The next day starts at the equity then (MSFT still at 94): yesterday's loss no longer counts.
    clock.advanceTo(start + 86_400_000);
    const third = await riskManagerRun(test.database, clock, '94');
    third.portfolio.updateMark('AAPL' as Ticker, Price.of('100'), clock.now());
    third.portfolio.updateMark('MSFT' as Ticker, Price.of('94'), clock.now());
    expect(third.check()).toBeNull();
    expect(third.desk.dayStateView()).toMatchObject({ day: '2026-03-03', highWaterMark: '100000.0000' });
    await third.desk.idle();
  });

  it('keeps the kill switch, limit overrides and the restricted list across a restart, each change an event', async () => {
    test = await openTestDatabase(kind);
    const clock = new TestClock(start);
    const first = await riskManagerRun(test.database, clock);
    await first.desk.setKillSwitch(true, 'operator stop', 'test');
    await first.desk.setLimits('symbol', 'AAPL', { max_position_quantity: 7 }, 'tighter', 'test');
    await first.desk.restrict('MSFT', 'compliance', 'test');
    expect(
      first.events.map((event) => event.type === 'RiskLimitChanged' && [event.kind, event.key, event.value]),
    ).toEqual([
      ['kill-switch', 'kill_switch', 'halted'],
      ['limit', 'max_position_quantity', '7'],
      ['restricted-list', 'MSFT', 'restricted'],
    ]);
    await first.risk.stop();

    const second = await riskManagerRun(test.database, clock);
    second.portfolio.updateMark('AAPL' as Ticker, Price.of('100'), clock.now());
    expect(second.risk.isHalted).toBe(true);
    expect(second.check()).toMatchObject({ code: 'RISK_TRADING_HALTED' });
    await second.desk.setKillSwitch(false, 'resumed', 'test');
    expect(second.risk.limitBook.forOrder('alpha', 'AAPL').maxPositionQuantity).toBe(7);
    expect(second.desk.restricted()).toEqual([{ symbol: 'MSFT', reason: 'compliance' }]);
    expect(second.check()).toBeNull();
  });

  it('serves the controls over HTTP: validated changes stored and published, bad ones refused naming the field', async () => {
    test = await openTestDatabase(kind);
    const clock = new TestClock(start);
    const run = await riskManagerRun(test.database, clock);
    const module = new RiskManagerModule({
      risk: run.risk,
      limits,
      assessments: { listAssessments: async () => [] } as never,
      metrics: new PrometheusMetrics('risk-test', false),
      desk: run.desk,
    });
    app = await buildServiceApp(module, { security: testRequestSecurity() });
    const put = (url: string, payload: unknown) =>
      (app as FastifyInstance).inject({
        headers: testAdminHeaders,
        method: 'PUT',
        url,
        payload: payload as object,
      });

    const changed = await put('/limits', {
      scope: 'strategy',
      scopeId: 'alpha',
      limits: { max_order_notional: '2500.50', price_collar: 0.02 },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().overrides).toEqual(
      expect.arrayContaining([
        { scope: 'strategy', scopeId: 'alpha', key: 'max_order_notional', value: 2500.5 },
        { scope: 'strategy', scopeId: 'alpha', key: 'price_collar', value: 0.02 },
      ]),
    );
    expect(await new SqlRiskControlStore(test.database, 'acct').limitOverrides()).toHaveLength(2);
    expect(run.events).toHaveLength(2);

    const fraction = await put('/limits', { scope: 'account', limits: { max_position_size: 2 } });
    expect(fraction.statusCode).toBe(400);
    expect(fraction.json().message).toMatch(/max_position_size: a fraction must be at most 1, got 2/);
    const unknown = await put('/limits', { scope: 'account', limits: { max_bananas: 1 } });
    expect(unknown.statusCode).toBe(400);
    const noSymbol = await put('/limits', { scope: 'symbol', limits: { max_position_quantity: 1 } });
    expect(noSymbol.statusCode).toBe(400);
    expect(noSymbol.json().message).toMatch(/scopeId/);
    // A refused request changed nothing.
    expect(run.events).toHaveLength(2);

    expect((await put('/kill-switch', { halted: true, reason: 'nul \u0000' })).statusCode).toBe(400);
    expect((await put('/kill-switch', { halted: true, reason: 'api test' })).statusCode).toBe(200);
    expect(run.risk.isHalted).toBe(true);
    expect((await new SqlRiskControlStore(test.database, 'acct').killSwitch())?.halted).toBe(true);
    expect((await put('/restricted/XOM', { reason: 'news' })).json()).toEqual({
      restricted: [{ symbol: 'XOM', reason: 'news' }],
    });
    expect(
      (await app.inject({ headers: testAdminHeaders, method: 'DELETE', url: '/restricted/XOM' })).statusCode,
    ).toBe(200);
    expect(
      (await app.inject({ headers: testAdminHeaders, method: 'DELETE', url: '/restricted/XOM' })).statusCode,
    ).toBe(404);
    const limitsView = (
      await app.inject({ headers: testAdminHeaders, method: 'GET', url: '/limits' })
    ).json();
    expect(limitsView.checks).toMatchObject({ daily_loss_limit: 500, max_position_size: 0.1 });
    expect(limitsView.checkOrder[0]).toBe('trading-halt');
    expect(
      (await app.inject({ headers: testAdminHeaders, method: 'GET', url: '/day-state' })).json(),
    ).toMatchObject({
      day: '2026-03-02',
    });
  });
});
