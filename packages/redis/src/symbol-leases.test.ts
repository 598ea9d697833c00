// Symbol leases on a real Redis (REDIS_URL): a fair split between live instances, and the leases of an
// instance cut off from Redis move to the other, which it stops claiming before they do.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { SymbolLeases } from './symbol-leases.js';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl && process.env.CI === 'true') throw new Error('CI=true but REDIS_URL is not set');
const clients: Redis[] = [];
afterAll(() => {
  for (const client of clients) client.disconnect();
});

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
const symbols = ['AAPL', 'MSFT', 'JPM', 'XOM', 'JNJ'];

function leasesOf(instance: string, keyPrefix: string, events: string[]): SymbolLeases {
  const client = new Redis(redisUrl as string, { maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  clients.push(client);
  return new SymbolLeases({
    client,
    keyPrefix,
    instance,
    symbols,
    ttlMilliseconds: 600,
    onAcquired: (symbol) => events.push(`${instance}+${symbol}`),
    onLost: (symbol) => events.push(`${instance}-${symbol}`),
    onError: () => {},
  });
}

describe.runIf(redisUrl)('symbol leases (Redis)', () => {
  it('splits five symbols three and two between two instances, each symbol held once', async () => {
    const prefix = `test:${randomBytes(4).toString('hex')}:leases:`;
    const events: string[] = [];
    const one = leasesOf('one', prefix, events);
    const two = leasesOf('two', prefix, events);
    await one.start();
    expect(one.owned()).toHaveLength(5);
    await two.start();
    for (let waited = 0; waited < 5_000 && two.owned().length < 2; waited += 50) await sleep(50);
    expect([one.owned().length, two.owned().length].sort()).toEqual([2, 3]);
    expect(new Set([...one.owned(), ...two.owned()])).toEqual(new Set(symbols));
    await one.stop();
    await two.stop();
  });

  it('moves the symbols of an instance cut off from Redis to the other; the cut-off one stops claiming them first', async () => {
    const prefix = `test:${randomBytes(4).toString('hex')}:leases:`;
    const events: string[] = [];
    const one = leasesOf('one', prefix, events);
    const two = leasesOf('two', prefix, events);
    await one.start();
    await two.start();
    for (let waited = 0; waited < 5_000 && two.owned().length < 2; waited += 50) await sleep(50);
    const lost = one.owned();
    expect(lost.length).toBeGreaterThan(0);
    clients[clients.length - 2]?.disconnect();
    let cutOffStopped = 0;
    let takenOver = 0;
    for (let waited = 0; waited < 10_000 && takenOver === 0; waited += 20) {
      await sleep(20);
      if (cutOffStopped === 0 && one.owned().length === 0) cutOffStopped = Date.now();
      if (lost.every((symbol) => two.owns(symbol))) takenOver = Date.now();
    }
    expect(takenOver).toBeGreaterThan(0);
    expect(cutOffStopped).toBeGreaterThan(0);
    expect(cutOffStopped).toBeLessThanOrEqual(takenOver);
    expect(two.owned()).toHaveLength(5);
    await two.stop();
  });
});
