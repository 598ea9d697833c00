// Data loss on a real Redis (REDIS_URL): when the buses' shared marker is gone (Redis restarted empty or
// flushed), every bus on the prefix reports it, not only the first to write the marker again.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisMessageBus } from './redis-message-bus.js';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl && process.env.CI === 'true') throw new Error('CI=true but REDIS_URL is not set');

const buses: RedisMessageBus[] = [];
const clients: Redis[] = [];
afterAll(async () => {
  await Promise.all(buses.map((bus) => bus.close()));
  for (const client of clients) client.disconnect();
});

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function until(done: () => boolean, what: string, state?: unknown): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in 5 s (${JSON.stringify(state)})`);
    await sleep(20);
  }
}

describe.runIf(redisUrl)('bus data loss (Redis)', () => {
  it('tells every bus of the prefix that Redis lost its data, each once, and none before', async () => {
    const keyPrefix = `test:${randomBytes(4).toString('hex')}:`;
    const calls: (number | null)[][] = [[], [], []];
    const firstChecks: Promise<void>[] = [];
    for (const received of calls) {
      const bus = new RedisMessageBus({ url: redisUrl as string, keyPrefix });
      buses.push(bus);
      firstChecks.push(bus.onDataLoss((since) => received.push(since), 50));
    }
    const client = new Redis(redisUrl as string);
    clients.push(client);
    // Each bus has read the marker once (a bus that first looks after the loss has nothing to notice).
    await Promise.all(firstChecks);
    await sleep(200);
    expect(await client.exists(`${keyPrefix}epoch`)).toBe(1);
    expect(calls).toEqual([[], [], []]);

    // What Redis restarted empty looks like to the buses: the marker is gone.
    await client.del(`${keyPrefix}epoch`);
    await until(() => calls.every((received) => received.length > 0), 'every bus told', calls);
    await sleep(400);
    expect(calls).toEqual([[null], [null], [null]]);
  });
});
