// A journal transaction whose client saw an error although it committed (a connection lost at COMMIT, a
// server failing on a full disk): its rows are in the table, and their events must still be relayed.
// Found by `ats chaos` (full disk): a stored signal was never published, so never assessed. Also: a
// failed COMMIT reaches the caller as the platform's typed database error, not the driver's.
import {
  AtsError,
  IdGenerator,
  Price,
  SeededRandom,
  type SignalGenerated,
  type Ticker,
  topics,
} from '@ats/core';
import { InProcessMessageBus } from '@ats/engine';
import {
  type Database,
  OutboxRelay,
  openTestDatabase,
  SqlSignalJournal,
  type TestDatabase,
  testDatabaseKinds,
} from '@ats/persistence';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ids = new IdGenerator(new SeededRandom(7));

function signalAt(time: number): SignalGenerated {
  return {
    type: 'SignalGenerated',
    id: ids.eventId(),
    occurredAt: time,
    receivedAt: time,
    causationId: null,
    signalId: ids.signalId(),
    strategyId: 'probe',
    symbol: 'AAPL' as Ticker,
    direction: 'LONG',
    strength: 1,
    referencePrice: Price.of('100'),
  } as unknown as SignalGenerated;
}

/** The database, whose next transaction either commits and then reports a failure, or fails outright. */
function unreliable(database: Database, next: { value: 'commit-then-fail' | 'fail' | null }): Database {
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property === 'transaction')
        return async (work: Parameters<Database['transaction']>[0]) => {
          const mode = next.value;
          next.value = null;
          if (mode === 'fail')
            return target.transaction(async (transaction) => {
              await work(transaction);
              throw new Error('injected failure before COMMIT');
            });
          const result = await target.transaction(work);
          if (mode === 'commit-then-fail') throw new Error('injected: connection lost at COMMIT');
          return result;
        };
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe.each(testDatabaseKinds())('outbox rows of a transaction with an unknown outcome, on %s', (kind) => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await openTestDatabase(kind);
  });
  afterEach(async () => {
    await test.dispose();
  });

  it('relays the events of a transaction that committed though its caller saw an error, and none of one that did not', async () => {
    const next: { value: 'commit-then-fail' | 'fail' | null } = { value: null };
    const database = unreliable(test.database, next);
    const bus = new InProcessMessageBus();
    const relayed: string[] = [];
    bus.subscribe(topics.signals('probe'), (event) => {
      relayed.push((event as SignalGenerated).signalId);
    });
    const relay = new OutboxRelay({ database, bus, source: 'strategy-engine', onError: () => {} });
    await relay.start();
    const journal = new SqlSignalJournal(database, relay);
    const [first, landed, lost, last] = [signalAt(1), signalAt(2), signalAt(3), signalAt(4)];
    expect(await journal.record(first)).toBe(true);
    next.value = 'commit-then-fail';
    await expect(journal.record(landed)).rejects.toThrow(/connection lost at COMMIT/);
    next.value = 'fail';
    await expect(journal.record(lost)).rejects.toThrow(/before COMMIT/);
    expect(await journal.record(last)).toBe(true);
    await relay.settled();
    await relay.stop();

    const stored = await test.database.query<{ id: string }>('SELECT id FROM signals');
    expect(new Set(stored.map((row) => row.id))).toEqual(
      new Set([first.signalId, landed.signalId, last.signalId]),
    );
    // Every stored signal reached the bus once; the one never committed did not.
    expect([...relayed].sort()).toEqual([first.signalId, landed.signalId, last.signalId].sort());
  });

  it.runIf(kind === 'postgres')(
    'reports a failed COMMIT as a typed database error naming COMMIT',
    async () => {
      await test.database.query(
        `CREATE TEMP TABLE deferred_probe (id int UNIQUE DEFERRABLE INITIALLY DEFERRED)`,
      );
      const failed = await test.database
        .transaction(async (transaction) => {
          await transaction.query('INSERT INTO deferred_probe VALUES (1), (1)');
        })
        .catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(AtsError);
      expect((failed as AtsError).message).toMatch(/^COMMIT\.\.\.: duplicate key/);
    },
  );
});
