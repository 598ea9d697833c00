// The Audit service wired as in one process: API calls recorded by the app hook (with the principal the
// security layer sets, or anonymous), fills and risk decisions recorded from the bus, all on one chain.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AccountId,
  type EventId,
  IdGenerator,
  LiveClock,
  Money,
  type OrderFilled,
  type OrderId,
  Price,
  Quantity,
  type RiskAssessmentId,
  SeededRandom,
  type SignalId,
  type SignalRejected,
  type StrategyId,
  type Ticker,
  type TradeId,
  topics,
} from '@ats/core';
import { InProcessMessageBus } from '@ats/engine';
import { createRepositories, openTestDatabase } from '@ats/persistence';
import { afterEach, describe, expect, it } from 'vitest';
import { auditSigningKeyOf, buildAudit } from '../composition/audit-service.js';
import type { ServiceContext } from '../composition/service-context.js';
import { loadConfig } from '../config/load-config.js';
import { buildServiceApp } from '../http/build-http-app.js';
import { createLogger } from '../logging/create-logger.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { testAdminHeaders, testRequestSecurity } from '../security/test-credentials.js';
import { verifyAuditChain } from './audit-chain-verifier.js';
import { searchAuditLog } from './audit-search.js';

const fill: OrderFilled = {
  type: 'OrderFilled',
  id: 'fill-event-1' as EventId,
  occurredAt: Date.UTC(2026, 3, 1, 14, 30),
  receivedAt: Date.UTC(2026, 3, 1, 14, 30),
  causationId: null,
  orderId: '0b0e7c2a-4a8e-4d39-9f6a-1f4d2b9c8e01' as OrderId,
  tradeId: 'trade-1' as TradeId,
  accountId: 'paper' as AccountId,
  strategyId: 'sma-cross' as StrategyId,
  symbol: 'AAPL' as Ticker,
  side: 'BUY',
  lastQuantity: Quantity.of(10),
  lastPrice: Price.of('190.25'),
  commission: Money.of('1.00'),
  venue: 'PAPER',
  executionId: 'exec-1',
  liquidityTaker: true,
};

const rejection: SignalRejected = {
  type: 'SignalRejected',
  id: 'rejection-1' as EventId,
  occurredAt: Date.UTC(2026, 3, 1, 14, 31),
  receivedAt: Date.UTC(2026, 3, 1, 14, 31),
  causationId: null,
  assessmentId: '5f1c7e0b-8d1a-4c59-9e6f-3b2a1d0c9e02' as RiskAssessmentId,
  signalId: '7a2b3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d' as SignalId,
  strategyId: 'sma-cross' as StrategyId,
  symbol: 'MSFT' as Ticker,
  reasonCode: 'RISK_MAX_POSITION_SIZE',
  reason: 'over the limit',
};

describe('the Audit service in one process', () => {
  const disposals: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const dispose of disposals.splice(0).reverse()) await dispose();
  });

  it('records API calls with their principal, and orders, fills and risk decisions from the bus', async () => {
    const test = await openTestDatabase('pglite');
    disposals.push(() => test.dispose());
    const dataDirectory = mkdtempSync(join(tmpdir(), 'ats-audit-service-'));
    const config = loadConfig({
      directory: dataDirectory,
      environment: 'default',
      env: { ATS_DATA_DIR: dataDirectory },
    });
    const bus = new InProcessMessageBus((error) => {
      throw error;
    });
    const context: ServiceContext = {
      config,
      logger: createLogger({ level: 'silent', service: 'test' }),
      bus,
      database: test.database,
      repositories: createRepositories(test.database),
      metrics: new PrometheusMetrics('audit', false),
      ids: new IdGenerator(new SeededRandom(1)),
      clock: new LiveClock(),
      onError: (error) => {
        throw error;
      },
    };
    const audit = buildAudit(context);
    await audit.start();
    const app = await buildServiceApp(audit.module, { security: testRequestSecurity(), audit: audit.writer });
    disposals.push(async () => {
      await audit.stop();
      await app.close();
      await audit.writer.close();
    });

    const answered = await app.inject({
      method: 'GET',
      url: '/records?actor=nobody&limit=5',
      headers: testAdminHeaders,
    });
    expect(answered.statusCode).toBe(200);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/export?from=bad&to=2026-01-01T00:00:00Z',
          headers: testAdminHeaders,
        })
      ).statusCode,
    ).toBe(400);
    // A call without credentials is refused, and the refusal is on the trail too.
    expect((await app.inject({ method: 'GET', url: '/records' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    bus.publish(topics.tradesExecuted, fill);
    bus.publish(topics.riskAssessments, rejection);
    await bus.flush();
    await audit.writer.flush();

    const calls = await searchAuditLog(test.database, { action: 'http.*' });
    expect(
      calls.map((record) => [
        record.actorKind,
        record.actorId,
        record.actorRole,
        record.object,
        record.outcome,
      ]),
    ).toEqual([
      ['anonymous', 'anonymous', 'viewer', '/records', 'denied'],
      ['service', 'bootstrap', 'admin', '/export', 'http-400'],
      ['service', 'bootstrap', 'admin', '/records', 'success'],
    ]);
    expect(calls[2]?.source).toBe('127.0.0.1');
    // The query string never reaches the trail (it may carry tokens); probes are not recorded.
    expect(calls.every((record) => !(record.object ?? '').includes('?'))).toBe(true);
    const [filled] = await searchAuditLog(test.database, { action: 'order.OrderFilled' });
    expect(filled).toMatchObject({ object: fill.orderId, actorKind: 'system', outcome: 'success' });
    expect(JSON.parse(filled?.detail as string)).toMatchObject({
      price: '190.2500',
      quantity: '10',
      symbol: 'AAPL',
    });
    const [denied] = await searchAuditLog(test.database, { object: rejection.assessmentId });
    expect(denied).toMatchObject({ action: 'risk.SignalRejected', outcome: 'denied' });
    expect((await verifyAuditChain(test.database, auditSigningKeyOf(config))).ok).toBe(true);
  });
});
