// The Risk Manager's risk-model wiring on PGlite and PostgreSQL: a sample stores the VaR and the
// high-water mark, a restarted monitor keeps the drawdown, and a critical alarm configured to flatten
// sends reduce-only order requests through the outbox onto orders.requested (the liquidation path),
// each canceling the symbol's working orders first.
import {
  type AccountId,
  type EventId,
  IdGenerator,
  Money,
  type OrderFilled,
  type OrderRequested,
  Price,
  Quantity,
  type QuoteReceived,
  SeededRandom,
  type StrategyId,
  TestClock,
  type Ticker,
  type TradeId,
  topics,
} from '@ats/core';
import { InProcessMessageBus, Portfolio, RiskEngine } from '@ats/engine';
import {
  createRepositories,
  openTestDatabase,
  SqlRiskHistoryStore,
  testDatabaseKinds,
} from '@ats/persistence';
import { describe, expect, it } from 'vitest';
import type { ServiceContext } from '../composition/service-context.js';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../logging/create-logger.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { instrumentsOf, riskLimitsOf } from '../wiring/config-mapping.js';
import { riskModelsOf } from './risk-models-of.js';

const account = 'paper' as AccountId;
let sequence = 0;

function quote(symbol: string, price: number, time: number): QuoteReceived {
  const value = Price.of(price.toFixed(4));
  return {
    type: 'QuoteReceived',
    id: `quote-${++sequence}` as EventId,
    occurredAt: time,
    receivedAt: time,
    causationId: null,
    quote: {
      symbol: symbol as Ticker,
      time,
      receivedAt: time,
      bid: value,
      ask: value,
      bidSize: 1,
      askSize: 1,
      last: value,
      volume: 1,
    },
  };
}

function boughtPortfolio(): Portfolio {
  const portfolio = new Portfolio(account, Money.of('100000'));
  const fill: OrderFilled = {
    type: 'OrderFilled',
    id: 'fill-1' as EventId,
    occurredAt: 0,
    receivedAt: 0,
    causationId: null,
    orderId: 'order-1' as OrderFilled['orderId'],
    tradeId: 'trade-1' as TradeId,
    accountId: account,
    strategyId: 'alpha' as StrategyId,
    symbol: 'AAPL' as Ticker,
    side: 'BUY',
    lastQuantity: Quantity.of(400),
    lastPrice: Price.of('100'),
    commission: Money.zero,
    venue: 'TEST',
    executionId: 'execution-1',
    liquidityTaker: true,
  };
  portfolio.applyFill(fill);
  return portfolio;
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met: ${check}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

for (const kind of testDatabaseKinds()) {
  describe(`risk models wiring on ${kind}`, () => {
    it('stores the VaR and high-water mark, keeps the drawdown over a restart, and flattens on a critical drawdown', async () => {
      const opened = await openTestDatabase(kind);
      try {
        const config = loadConfig({
          directory: '/nonexistent-ats-config',
          env: {},
          overrides: { risk_models: { monitor: { sample_interval: '1m', action_on_critical: 'flatten' } } },
        });
        const bus = new InProcessMessageBus();
        const clock = new TestClock(0);
        const ids = new IdGenerator(new SeededRandom(2));
        const errors: unknown[] = [];
        const context: ServiceContext = {
          config,
          logger: createLogger({ level: 'silent', service: 'test' }),
          bus,
          database: opened.database,
          repositories: createRepositories(opened.database),
          metrics: new PrometheusMetrics('test', false),
          ids,
          clock,
          onError: (error) => errors.push(error),
        };
        const instruments = instrumentsOf(config);
        const engineOf = (portfolio: Portfolio) =>
          new RiskEngine({
            bus,
            clock,
            ids,
            portfolio,
            instruments,
            limits: riskLimitsOf(config),
            accountId: account,
          });

        // First run: AAPL 400 shares; 100 → 110 lifts the high-water mark to 104,000; a sample stores it.
        const first = boughtPortfolio();
        const models = riskModelsOf(context, first, instruments, account);
        await models.start(engineOf(first));
        bus.publish(topics.marketData('AAPL'), quote('AAPL', 100, 0));
        bus.publish(topics.marketData('AAPL'), quote('AAPL', 110, 30_000));
        bus.publish(topics.marketData('AAPL'), quote('AAPL', 109, 60_000));
        const store = new SqlRiskHistoryStore(opened.database);
        await until(
          async () => (await store.loadHighWaterMark(account))?.toString() === Money.of('104000').toString(),
        );
        expect(await store.history(account, 'parametric')).toHaveLength(1);
        await models.stop();

        // Restart at 100: the high-water mark is restored, so the drawdown is 1 - 100,000/104,000 = 3.85%.
        const second = boughtPortfolio();
        second.updateMark('AAPL' as Ticker, Price.of('100'));
        const restarted = riskModelsOf(context, second, instruments, account);
        const secondEngine = engineOf(second);
        // A resting buy of the account: the flatten must cancel it first, or it would be a wash trade.
        secondEngine.restoreWorkingOrders([
          {
            id: 'resting-buy',
            symbol: 'AAPL',
            strategyId: 'manual',
            side: 'BUY',
            orderType: 'LIMIT',
            price: Price.of('60'),
            status: 'ACCEPTED',
            quantity: 10,
            filledQuantity: 0,
          } as never,
        ]);
        await restarted.start(secondEngine);
        expect(restarted.monitor.risk.figures().highWaterMark).toBe(104_000);
        expect(restarted.monitor.risk.figures().drawdown).toBeCloseTo(1 - 100_000 / 104_000, 12);

        // 75: equity 90,000, drawdown 13.5% ≥ 10% → critical → flatten: a reduce-only SELL 400 request.
        const requests: OrderRequested[] = [];
        bus.subscribe(topics.ordersRequested, (event) => {
          if (event.type === 'OrderRequested') requests.push(event);
        });
        bus.publish(topics.marketData('AAPL'), quote('AAPL', 75, 70_000));
        await until(() => requests.length === 1);
        expect(requests[0]).toMatchObject({
          symbol: 'AAPL',
          side: 'SELL',
          quantity: { value: 400 },
          reduceOnly: true,
          cancelsFirst: ['resting-buy'],
        });
        expect(requests[0]?.requestedBy).toMatch(/^risk monitor: DRAWDOWN/);
        await restarted.stop();
        expect(errors).toEqual([]);
      } finally {
        await opened.dispose();
      }
    }, 180_000);
  });
}
