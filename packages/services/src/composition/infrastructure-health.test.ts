// /health tells the truth: a database that does not answer, a lost bus, a consumer stuck on an entry
// or unable to read each change the status, with the reason named.
import { InProcessMessageBus } from '@ats/engine';
import { type Database, openTestDatabase } from '@ats/persistence';
import type { BusHealth } from '@ats/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { infrastructureHealthOf } from './infrastructure-health.js';

let database: Database;
beforeAll(async () => {
  ({ database } = await openTestDatabase('pglite'));
});
afterAll(async () => {
  await database.close();
});

const consumer = (overrides: Partial<BusHealth['consumers'][number]>): BusHealth['consumers'][number] => ({
  stream: 'ats:stream:orders.approved',
  group: 'trade-executor',
  lastReadAt: 10_000,
  handlingSince: null,
  handled: 5,
  consecutiveFailures: 0,
  pending: 0,
  lag: 0,
  ...overrides,
});

function busWith(health: BusHealth) {
  const bus = new InProcessMessageBus();
  return Object.assign(bus, { health: async () => health });
}

describe('infrastructure health', () => {
  it('is up with a database that answers and an in-process bus', async () => {
    const check = infrastructureHealthOf({
      database,
      bus: new InProcessMessageBus(),
      stuckAfterMilliseconds: 1_000,
    });
    expect(await check()).toMatchObject({ status: 'up', detail: { database: { connected: true } } });
  });

  it('is down, naming the database, when the database fails', async () => {
    const failing = { query: () => Promise.reject(new Error('connection refused')) } as unknown as Database;
    const check = infrastructureHealthOf({
      database: failing,
      bus: new InProcessMessageBus(),
      stuckAfterMilliseconds: 1_000,
    });
    const health = await check();
    expect(health.status).toBe('down');
    expect(health.detail?.problems).toEqual(['database: connection refused']);
  });

  it('is degraded while the database is only slow, and down once it has not answered for the stuck limit', async () => {
    let clock = 10_000;
    const slow = { query: () => new Promise(() => {}) } as unknown as Database;
    const check = infrastructureHealthOf({
      database: slow,
      bus: new InProcessMessageBus(),
      stuckAfterMilliseconds: 5_000,
      answerWithinMilliseconds: 20,
      now: () => clock,
    });
    const first = await check();
    expect(first.status).toBe('degraded');
    expect(first.detail?.problems).toEqual(['database: the database did not answer within 20 ms']);
    clock += 5_001;
    const later = await check();
    expect(later.status).toBe('down');
    expect(later.detail?.problems).toEqual(['database: has not answered for 5001 ms']);
  });

  it('asks the database once for callers that check at the same time', async () => {
    let queries = 0;
    const counting = {
      query: async () => {
        queries += 1;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return { rows: [] };
      },
    } as unknown as Database;
    const check = infrastructureHealthOf({
      database: counting,
      bus: new InProcessMessageBus(),
      stuckAfterMilliseconds: 1_000,
    });
    const answers = await Promise.all(Array.from({ length: 10 }, () => check()));
    expect(answers.every((answer) => answer.status === 'up')).toBe(true);
    expect(queries).toBe(1);
    await check();
    expect(queries).toBe(2);
  });

  it('is down when a consumer has been stuck on one entry longer than the limit', async () => {
    const bus = busWith({ connected: true, consumers: [consumer({ handlingSince: 1_000 })] });
    const check = infrastructureHealthOf({ database, bus, stuckAfterMilliseconds: 5_000, now: () => 10_000 });
    const health = await check();
    expect(health.status).toBe('down');
    expect(String(health.detail?.problems)).toMatch(
      /orders\.approved \(trade-executor\) stuck on one entry for 9000 ms/,
    );
  });

  it('is down when a consumer has not read for longer than the limit, degraded while the bus reconnects', async () => {
    const silent = busWith({ connected: false, consumers: [consumer({ lastReadAt: 1_000 })] });
    const down = await infrastructureHealthOf({
      database,
      bus: silent,
      stuckAfterMilliseconds: 5_000,
      now: () => 10_000,
    })();
    expect(down.status).toBe('down');
    const reconnecting = busWith({
      connected: false,
      consumers: [consumer({ lastReadAt: 9_000, consecutiveFailures: 2 })],
    });
    const degraded = await infrastructureHealthOf({
      database,
      bus: reconnecting,
      stuckAfterMilliseconds: 5_000,
      now: () => 10_000,
    })();
    expect(degraded.status).toBe('degraded');
    expect(degraded.detail?.problems).toEqual([
      'bus: not connected',
      'consumer ats:stream:orders.approved (trade-executor): 2 failed reads in a row',
    ]);
  });
});
