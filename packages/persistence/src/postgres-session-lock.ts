// A PostgreSQL session-level advisory lock held on a connection of its own for as long as its owner lives.
import { hostname } from 'node:os';
import { AtsError } from '@ats/core';
import pg from 'pg';
import { databaseError } from './database-errors.js';

/**
 * Advisory locks taken with two int4 keys never collide with the single-bigint keys (the migrator's):
 * PostgreSQL keeps the two forms apart. This first key marks "an ATS owner lock"; the second is the
 * hash of the owned name.
 */
const ownerLockClass = 0x0a75;

export interface SessionLockOptions {
  readonly url: string;
  /** What is owned, e.g. "deployment ats"; hashed into the lock key and named in messages. */
  readonly name: string;
  /** Called when the lock's connection is lost (server restart): the lock is then no longer held. */
  readonly onLost?: (error: Error) => void;
  readonly connectionTimeoutMilliseconds?: number;
}

export interface SessionLock {
  readonly name: string;
  release(): Promise<void>;
}

/** The application_name of a holder's connection, which names it to the next one that is refused. */
function applicationName(): string {
  return `ats owner pid ${process.pid} on ${hostname()}`.slice(0, 63);
}

/**
 * Takes the lock or throws RESOURCE_LOCKED naming the holder (its pid and host, read from the
 * holder connection's application_name). The server releases the lock when the holder's session
 * ends, so an owner killed with SIGKILL leaves nothing behind: its socket closes and so does its session.
 */
export async function acquireSessionLock(options: SessionLockOptions): Promise<SessionLock> {
  const client = new pg.Client({
    connectionString: options.url,
    application_name: applicationName(),
    connectionTimeoutMillis: options.connectionTimeoutMilliseconds ?? 10_000,
  });
  let released = false;
  client.on('error', (error) => {
    if (!released) options.onLost?.(error);
  });
  try {
    await client.connect();
  } catch (error) {
    throw databaseError(error, 'connect');
  }
  try {
    const [row] = (
      await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [
        ownerLockClass,
        options.name,
      ])
    ).rows;
    if (!row?.locked) {
      const holder = (
        await client.query<{ application_name: string; pid: number }>(
          `SELECT activity.application_name, activity.pid FROM pg_locks locks
             JOIN pg_stat_activity activity ON activity.pid = locks.pid
            WHERE locks.locktype = 'advisory' AND locks.granted
              AND locks.classid = $1 AND locks.objid = hashtext($2)::oid AND locks.objsubid = 2
              AND locks.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          [ownerLockClass, options.name],
        )
      ).rows[0];
      const who = holder?.application_name.startsWith('ats owner ')
        ? `process ${holder.application_name.slice('ats owner pid '.length)}`
        : `server backend ${holder?.pid ?? 'unknown'}`;
      throw new AtsError(
        'RESOURCE_LOCKED',
        `${options.name} is already running (held by ${who}); stop it first`,
        { details: { name: options.name } },
      );
    }
  } catch (error) {
    released = true;
    await client.end().catch(() => {});
    throw error instanceof AtsError ? error : databaseError(error, 'pg_try_advisory_lock');
  }
  client.on('end', () => {
    if (!released) options.onLost?.(new Error('the lock connection closed'));
  });
  return {
    name: options.name,
    async release() {
      if (released) return;
      released = true;
      // Ending the session releases every advisory lock it holds.
      await client.end().catch(() => {});
    },
  };
}
