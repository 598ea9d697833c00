// Child process of test/outbox-uncertain-commit.test.ts, killed by it with SIGKILL: records a signal, then
// one whose transaction commits although the client is told it failed while PostgreSQL cannot be asked
// about it (its lookups fail), then one more; prints the three signal ids and waits to be killed.
// Arguments: the database URL and schema.
import { IdGenerator, Price, SeededRandom } from '@ats/core';
import { InProcessMessageBus } from '@ats/engine';
import { OutboxRelay, PostgresDatabase, SqlSignalJournal } from '@ats/persistence';

const [url, schema] = process.argv.slice(2);
const database = await PostgresDatabase.open({ url, schema, maxConnections: 4 });
const ids = new IdGenerator(new SeededRandom(11));
const signalAt = (time) => ({
  type: 'SignalGenerated',
  id: ids.eventId(),
  occurredAt: time,
  receivedAt: time,
  causationId: null,
  signalId: ids.signalId(),
  strategyId: 'probe',
  symbol: 'AAPL',
  direction: 'LONG',
  strength: 1,
  referencePrice: Price.of('100'),
});

// The next transaction commits, then its caller is told the connection was lost; from then on, the
// relay's lookups of a transaction's outcome fail as if the server could not be reached.
let failNextCommit = false;
let lookupsFail = false;
const unreliable = new Proxy(database, {
  get(target, property, receiver) {
    if (property === 'transaction')
      return async (work) => {
        const result = await target.transaction(work);
        if (failNextCommit) {
          failNextCommit = false;
          lookupsFail = true;
          throw new Error('injected: connection lost at COMMIT');
        }
        return result;
      };
    if (property === 'query')
      return async (text, parameters) => {
        if (lookupsFail && /txid_status|sequence = ANY/.test(text))
          throw new Error('injected: server unreachable');
        return target.query(text, parameters);
      };
    const value = Reflect.get(target, property, receiver);
    return typeof value === 'function' ? value.bind(target) : value;
  },
});

const relay = new OutboxRelay({
  database: unreliable,
  bus: new InProcessMessageBus(),
  source: 'strategy-engine',
  onError: () => {},
});
await relay.start();
const journal = new SqlSignalJournal(relay);
const [first, landed, last] = [signalAt(1), signalAt(2), signalAt(3)];
await journal.record(first);
failNextCommit = true;
await journal.record(landed).then(
  () => {
    throw new Error('the injected failure did not reach the journal');
  },
  () => {},
);
await journal.record(last);
// The relayed position is recorded in the background once the bus stored the events.
await new Promise((resolve) => setTimeout(resolve, 300));
process.stdout.write(
  `${JSON.stringify({ first: first.signalId, landed: landed.signalId, last: last.signalId })}\n`,
);
// Waits to be killed; gives up on its own after a minute, so no test run can leave it behind.
setTimeout(() => process.exit(2), 60_000);
