// A strategy's signal emitted while PostgreSQL cannot be reached: the strategy engine's journal
// (signals row and outbox in one transaction) fails, the signal waits, and once PostgreSQL is back it
// is stored and relayed to the bus, with the signal emitted after it behind it. Before, the write's
// error was reported and the signal lost: the strategy, past its cross, did not signal again.
import {
  type Bar,
  IdGenerator,
  LiveClock,
  Price,
  SeededRandom,
  type SignalGenerated,
  type StrategyId,
  type Ticker,
  topics,
} from '@ats/core';
import {
  InProcessMessageBus,
  SignalWriteRetry,
  Strategy,
  type StrategyContext,
  StrategyRuntime,
} from '@ats/engine';
import { OutboxRelay, SqlSignalJournal } from '@ats/persistence';
import { eventually } from '@ats/services';
import { afterEach, describe, expect, it } from 'vitest';
import { proxiedTestDatabase } from './support/tcp-outage-proxy.js';

/** LONG on the first bar, FLAT on the second: a pair whose order matters. */
class EnterThenExit extends Strategy {
  private bars = 0;
  constructor() {
    super('enter-exit' as StrategyId, ['AAPL' as Ticker]);
  }
  override onBar(bar: Bar, context: StrategyContext): void {
    this.bars++;
    context.signal(bar.symbol, this.bars === 1 ? 'LONG' : 'FLAT');
  }
}

function barOf(index: number): Bar {
  const price = Price.of((100 + index).toFixed(2));
  return {
    symbol: 'AAPL' as Ticker,
    timeframe: '1m',
    time: Date.UTC(2026, 0, 5, 14, 30) + index * 60_000,
    open: price,
    high: price,
    low: price,
    close: price,
    volume: 100,
  };
}

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => {});
});

const postgresUrl = process.env.DATABASE_URL;

describe.runIf(postgresUrl)('signals emitted while PostgreSQL is cut off', () => {
  it('stores and relays both signals once PostgreSQL is back, in the order the strategy emitted them', async () => {
    const { test, proxy, database, close } = await proxiedTestDatabase(postgresUrl as string, {
      maxConnections: 2,
      connectionTimeoutMilliseconds: 1_000,
    });
    closers.push(close);
    const bus = new InProcessMessageBus();
    const published: SignalGenerated[] = [];
    bus.subscribe(topics.allSignals, (event) => void published.push(event as SignalGenerated));
    const errors: unknown[] = [];
    const relay = new OutboxRelay({
      database,
      bus,
      source: 'strategy-engine',
      onError: (error) => errors.push(error),
    });
    await relay.start();
    closers.push(() => relay.stop());
    const clock = new LiveClock();
    const retry = new SignalWriteRetry({
      journal: new SqlSignalJournal(relay),
      clock,
      windowMilliseconds: 60_000,
      intervalMilliseconds: 200,
    });
    closers.push(async () => retry.stop());
    const runtime = new StrategyRuntime({
      bus,
      clock,
      ids: new IdGenerator(new SeededRandom(7)),
      journal: retry,
      onError: (error) => errors.push(error),
    });
    runtime.add(new EnterThenExit());

    proxy.cut();
    runtime.onBar(barOf(0), 'bar-0');
    await eventually(() => retry.waitingCount === 1, 'the first signal waiting for storage');
    runtime.onBar(barOf(1), 'bar-1');
    expect(retry.waitingCount).toBe(2);
    // A few attempts fail while the database is out; nothing is stored, published or reported lost.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(published).toEqual([]);
    expect(errors).toEqual([]);

    proxy.restore();
    await eventually(() => published.length === 2, 'both signals relayed after the outage', 20_000);
    expect(published.map((signal) => signal.direction)).toEqual(['LONG', 'FLAT']);
    const rows = await test.database.query<{ direction: string }>(
      'SELECT direction FROM signals ORDER BY generated_at',
    );
    expect(rows.map((row) => row.direction)).toEqual(['LONG', 'FLAT']);
    expect(retry.waitingCount).toBe(0);
    expect(errors).toEqual([]);
  }, 60_000);
});
