// A journal transaction whose client saw an error although it committed (a connection lost at COMMIT, a
// server failing on a full disk): its rows are in the table, and their events must still be relayed.
// Found by `ats chaos` (full disk): a stored signal was never published, so never assessed. Also: a
// failed COMMIT reaches the caller as the platform's typed database error, not the driver's; the
// relayed position stays below rows whose outcome is not known, so a process killed (SIGKILL) before it
// learnt the outcome has them relayed at the next start; and it does not pass a write still in flight.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
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
  type OutboxEntry,
  OutboxRelay,
  openTestDatabase,
  SqlSignalJournal,
  type TestDatabase,
  testDatabaseKinds,
} from '@ats/persistence';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ids = new IdGenerator(new SeededRandom(7));
const child = fileURLToPath(new URL('./support/uncertain-commit-child.mjs', import.meta.url));

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

/** A relay of the strategy engine's rows on `database`, and the signal ids it publishes, in order. */
function collectingRelay(database: Database): { relay: OutboxRelay; relayed: string[] } {
  const bus = new InProcessMessageBus();
  const relayed: string[] = [];
  bus.subscribe(topics.signals('probe'), (event) => {
    relayed.push((event as SignalGenerated).signalId);
  });
  return { relay: new OutboxRelay({ database, bus, source: 'strategy-engine', onError: () => {} }), relayed };
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
    const { relay, relayed } = collectingRelay(database);
    await relay.start();
    const journal = new SqlSignalJournal(relay);
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
    'relays at the next start the rows of a transaction that committed while its outcome could not be learnt, after the writer was killed with SIGKILL',
    async () => {
      const writer = spawn(process.execPath, [child, test.url as string, test.schema as string], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      let errors = '';
      writer.stderr.on('data', (chunk: Buffer) => {
        errors += chunk.toString();
      });
      const exited = once(writer, 'exit');
      let signals: { first: string; landed: string; last: string };
      try {
        const line = await new Promise<string>((resolve, reject) => {
          writer.stdout.on('data', (chunk: Buffer) => {
            output += chunk.toString();
            if (output.includes('\n')) resolve(output.trim());
          });
          writer.on('exit', () => reject(new Error(`the writer exited before it was ready: ${errors}`)));
        });
        signals = JSON.parse(line) as { first: string; landed: string; last: string };
        const sequenceOf = async (signalId: string) =>
          Number(
            (
              await test.database.query<{ sequence: string }>(
                `SELECT sequence FROM event_outbox WHERE source = 'strategy-engine' AND payload LIKE $1`,
                [`%${signalId}%`],
              )
            )[0]?.sequence,
          );
        const [position] = await test.database.query<{ relayed_through: string }>(
          `SELECT relayed_through FROM outbox_relay_positions WHERE source = 'strategy-engine'`,
        );
        // The writer relayed the first signal and the last, not the one whose outcome it could not learn:
        // its position passed the first and stopped below that one.
        expect(Number(position?.relayed_through)).toBeGreaterThanOrEqual(await sequenceOf(signals.first));
        expect(Number(position?.relayed_through)).toBeLessThan(await sequenceOf(signals.landed));
      } finally {
        // Killed here, at the point the test is about (and killed too when an expectation failed).
        writer.kill('SIGKILL');
      }
      await exited;

      const { relay, relayed } = collectingRelay(test.database);
      await relay.start();
      await relay.stop();
      // The committed signal reaches the bus; the first, relayed before the kill, is not sent again.
      expect(relayed).toContain(signals.landed);
      expect(relayed).not.toContain(signals.first);
    },
  );

  // PostgreSQL only: PGlite has one connection, so its transactions run one after another.
  it.runIf(kind === 'postgres')(
    'holds the relayed position at what was known when a write began until that write returns its rows',
    async () => {
      const { relay } = collectingRelay(test.database);
      await relay.start();
      const entryOf = (time: number): OutboxEntry => ({
        topics: [topics.signals('probe')],
        event: signalAt(time),
      });
      const positionOf = async () =>
        Number(
          (
            await test.database.query<{ relayed_through: string }>(
              `SELECT relayed_through FROM outbox_relay_positions WHERE source = 'strategy-engine'`,
            )
          )[0]?.relayed_through ?? 0,
        );
      await relay.transaction(async () => ({ result: null, entries: [entryOf(1)] }));
      await relay.stop();
      await relay.start();
      const before = await positionOf();
      // A write begins and waits before its INSERT (a row could then draw a sequence below a later one's).
      let proceed: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        proceed = resolve;
      });
      const slow = relay.transaction(async () => {
        await held;
        return { result: null, entries: [entryOf(2)] };
      });
      // Another write commits meanwhile: its rows are relayed, but the position stays where it was.
      try {
        await relay.transaction(async () => ({ result: null, entries: [entryOf(3)] }));
        await relay.stop();
        expect(await positionOf()).toBe(before);
        await relay.start();
      } finally {
        // Let the held write go on, even after a failed expectation (its transaction holds a connection).
        proceed();
      }
      await slow;
      await relay.stop();
      const [highest] = await test.database.query<{ sequence: string }>(
        `SELECT max(sequence) AS sequence FROM event_outbox WHERE source = 'strategy-engine'`,
      );
      expect(await positionOf()).toBe(Number(highest?.sequence));
    },
  );

  it('publishes an uncertain row only when its sequence and its event id are both in the table, and lets go of a transaction id past the next one to be assigned', async () => {
    const { relay, relayed } = collectingRelay(test.database);
    await relay.start();
    // A committed transaction whose row holds another event at the same sequence (after a server crash
    // that lost the end of its log, a sequence number and a transaction id are handed out again).
    const other = signalAt(20);
    const [stored] = await test.database.transaction((transaction) =>
      transaction.query<{ sequence: string; transaction: string }>(
        `INSERT INTO event_outbox (source, event_id, topics, payload) VALUES ('strategy-engine', $1, $2, 'x')
         RETURNING sequence, txid_current()::text AS transaction`,
        [other.id, topics.signals('probe')],
      ),
    );
    const [next] = await test.database.query<{ next: string }>(
      'SELECT txid_snapshot_xmax(txid_current_snapshot())::text AS next',
    );
    const [reused, lost] = [signalAt(21), signalAt(22)];
    relay.uncertain([
      {
        topics: [topics.signals('probe')],
        event: reused,
        sequence: Number(stored?.sequence),
        transaction: stored?.transaction as string,
      },
      {
        topics: [topics.signals('probe')],
        event: lost,
        sequence: Number(stored?.sequence) + 1_000,
        transaction: String(Number(next?.next) + 1_000),
      },
    ]);
    await relay.settled();
    await relay.stop();
    expect(relayed).toEqual([]);
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
