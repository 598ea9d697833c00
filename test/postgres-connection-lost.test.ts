// A PostgreSQL connection lost while a transaction holds it between two statements (the journal's
// code running, no query on the wire): the next statement fails with a retryable DATABASE_UNAVAILABLE
// and the broken connection is not handed out again. Before, the driver's 'error' event on the
// checked-out client had no listener and ended the whole process as an uncaught exception (found by
// the signal store outage test: a strategy engine would have crashed instead of retrying).
import { AtsError } from '@ats/core';
import { afterEach, describe, expect, it } from 'vitest';
import { proxiedTestDatabase } from './support/tcp-outage-proxy.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => {});
});

const postgresUrl = process.env.DATABASE_URL;

describe.runIf(postgresUrl)('a PostgreSQL connection lost inside a transaction', () => {
  it('fails the transaction with a retryable error instead of an uncaught exception, and the next transaction gets a working connection', async () => {
    const { proxy, database, close } = await proxiedTestDatabase(postgresUrl as string, {
      maxConnections: 1,
      connectionTimeoutMilliseconds: 1_000,
    });
    closers.push(close);
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    closers.push(async () => process.off('uncaughtException', record));

    const outcome = await database
      .transaction(async (transaction) => {
        await transaction.query('SELECT 1');
        // The connection goes while no statement is on it: only the socket's end reports it.
        proxy.cut();
        await new Promise((resolve) => setTimeout(resolve, 200));
        await transaction.query('SELECT 2');
        return 'committed';
      })
      .catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(AtsError);
    expect((outcome as AtsError).code).toBe('DATABASE_UNAVAILABLE');
    expect((outcome as AtsError).retryable).toBe(true);
    expect(uncaught).toEqual([]);

    proxy.restore();
    // The one pooled connection was the broken one: it must have been discarded, not reused.
    const rows = await database.transaction((transaction) =>
      transaction.query<{ one: number }>('SELECT 1 AS one'),
    );
    expect(rows).toEqual([{ one: 1 }]);
  }, 30_000);
});
