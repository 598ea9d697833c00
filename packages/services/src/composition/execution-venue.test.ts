// The venue follows the configuration: paper by default, Alpaca with its credentials from the
// environment (a missing one named), FIX with its session settings, a failover client with a secondary.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlpacaExecutionClient } from '@ats/adapter-alpaca';
import { CcxtExecutionClient } from '@ats/adapter-ccxt';
import { FixExecutionClient } from '@ats/adapter-fix';
import {
  type AccountId,
  type EventId,
  IdGenerator,
  Order,
  type OrderId,
  Price,
  Quantity,
  SeededRandom,
  type StrategyId,
  TestClock,
  type Ticker,
} from '@ats/core';
import { FailoverExecutionClient, InProcessMessageBus, type MarginCall } from '@ats/engine';
import { createRepositories, type Database, openTestDatabase } from '@ats/persistence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../logging/create-logger.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { PersistentPaperVenue } from '../trade-executor/persistent-paper-venue.js';
import { executionVenueOf } from './execution-venue.js';
import type { ServiceContext } from './service-context.js';

let database: Database;
beforeAll(async () => {
  // Migrated: the paper venue keeps its books in its own tables.
  ({ database } = await openTestDatabase('pglite'));
});
afterAll(async () => {
  await database.close();
});

function contextWith(
  execution: Record<string, unknown>,
  env: Record<string, string> = {},
  account: Record<string, unknown> = {},
): ServiceContext {
  const directory = mkdtempSync(join(tmpdir(), 'ats-venue-'));
  const config = loadConfig({
    directory: join(directory, 'none'),
    env,
    overrides: {
      account,
      execution: {
        ...execution,
        fix: {
          ...(execution.fix as Record<string, unknown> | undefined),
          state_directory: join(directory, 'fix'),
        },
      },
    },
  });
  return {
    config,
    logger: createLogger({ level: 'silent', service: 'test' }),
    bus: new InProcessMessageBus(),
    database,
    repositories: createRepositories(database),
    metrics: new PrometheusMetrics('test'),
    ids: new IdGenerator(new SeededRandom(1)),
    clock: new TestClock(0),
    onError: (error) => {
      throw error;
    },
  };
}

describe('the execution venue by configuration', () => {
  it('is the paper venue with its own books by default', async () => {
    expect(await executionVenueOf(contextWith({}))).toBeInstanceOf(PersistentPaperVenue);
  });

  it('is Alpaca with credentials from BROKER_API_KEY and BROKER_API_SECRET, and names a missing one', async () => {
    const venue = await executionVenueOf(
      contextWith({ venue: 'alpaca' }, { BROKER_API_KEY: 'key', BROKER_API_SECRET: 'secret' }),
    );
    expect(venue).toBeInstanceOf(AlpacaExecutionClient);
    await expect(
      executionVenueOf(contextWith({ venue: 'alpaca' }, { BROKER_API_KEY: 'key' })),
    ).rejects.toThrow(/BROKER_API_SECRET must be set/);
  });

  it('is a FIX 4.4 session with the configured CompIDs', async () => {
    const venue = await executionVenueOf(
      contextWith({ venue: 'fix', fix: { sender_comp_id: 'DESK', target_comp_id: 'BROKER' } }),
    );
    expect(venue).toBeInstanceOf(FixExecutionClient);
  });

  it('is a ccxt crypto spot client on the instruments named as pairs, and refuses without one', async () => {
    const crypto = contextWith({ venue: 'ccxt' }, { BROKER_API_KEY: 'key', BROKER_API_SECRET: 'secret' });
    const withPairs = {
      ...crypto,
      config: {
        ...crypto.config,
        market: {
          ...crypto.config.market,
          instruments: [{ ...(crypto.config.market.instruments[0] as object), symbol: 'BTC/USDT' }] as never,
        },
      },
    };
    expect(await executionVenueOf(withPairs)).toBeInstanceOf(CcxtExecutionClient);
    await expect(executionVenueOf(crypto)).rejects.toThrow(/needs instruments named as pairs/);
  });

  it('puts a failover client in front of a primary and a secondary venue, refusing the same venue twice', async () => {
    const venue = await executionVenueOf(
      contextWith(
        { venue: 'alpaca', secondary_venue: 'paper' },
        { BROKER_API_KEY: 'key', BROKER_API_SECRET: 'secret' },
      ),
    );
    expect(venue).toBeInstanceOf(FailoverExecutionClient);
    expect(typeof venue.onQuote).toBe('function');
    await expect(executionVenueOf(contextWith({ venue: 'paper', secondary_venue: 'paper' }))).rejects.toThrow(
      /secondary_venue = "paper": must differ/,
    );
  });

  it('forwards a margin call of a paper venue on a margin account through the failover client', async () => {
    const context = contextWith(
      { venue: 'paper', secondary_venue: 'alpaca' },
      { BROKER_API_KEY: 'key', BROKER_API_SECRET: 'secret' },
      { kind: 'margin', starting_cash: '10000' },
    );
    const venue = await executionVenueOf(context);
    expect(venue).toBeInstanceOf(FailoverExecutionClient);
    const calls: MarginCall[] = [];
    venue.onMarginCall?.((call) => calls.push(call));
    const events: string[] = [];
    venue.onEvent(
      (event) => void events.push(`${event.type} ${(event as { reason?: string }).reason ?? ''}`),
    );
    const symbol = 'ORCL' as Ticker;
    const quote = (time: number, price: string) =>
      venue.onQuote?.({
        symbol,
        time,
        receivedAt: time,
        bid: Price.of(price),
        ask: Price.of(price),
        bidSize: 1_000,
        askSize: 1_000,
        last: Price.of(price),
        volume: 0,
      });
    quote(0, '100.00');
    // 190 shares at 100 on 10,000 of cash: 9,000 borrowed; at 60 the equity (2,400) is below 25% of 11,400.
    await venue.submitOrder(
      new Order({
        type: 'OrderInitialized',
        id: '00000000-0000-4000-8000-000000000002' as EventId,
        occurredAt: 0,
        receivedAt: 0,
        causationId: null,
        orderId: '00000000-0000-4000-8000-000000000001' as OrderId,
        accountId: 'account' as AccountId,
        strategyId: 'strategy' as StrategyId,
        symbol,
        side: 'BUY',
        orderType: 'MARKET',
        quantity: Quantity.of(190),
        limitPrice: null,
        stopPrice: null,
        timeInForce: 'DAY',
        signalId: null,
        riskAssessmentId: null,
        expiresAt: null,
        trailingOffset: null,
        orderListId: null,
        parentOrderId: null,
        contingency: null,
      }),
    );
    quote(1, '60.00');
    expect(events).toEqual(['OrderAccepted ', 'OrderFilled ']);
    expect(calls.map((call) => call.liquidations.map((sell) => sell.symbol))).toEqual([['ORCL']]);
  });
});
