// The Redis cache: values by key under a prefix, expiry, deletion.
import { randomBytes } from 'node:crypto';
import { RedisCache } from '@ats/redis';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertRedisReachable, redisUrl } from './redis-availability.js';

beforeAll(async () => {
  await assertRedisReachable();
});

describe.runIf(redisUrl)('RedisCache', () => {
  it('stores, expires and deletes values under its prefix', async () => {
    const cache = new RedisCache(redisUrl as string, `test:${randomBytes(6).toString('hex')}:`);
    try {
      expect(await cache.get('last-quote:AAPL')).toBeNull();
      await cache.set('last-quote:AAPL', '{"last":"190.1200"}');
      expect(await cache.get('last-quote:AAPL')).toBe('{"last":"190.1200"}');
      await cache.set('short-lived', 'x', 50);
      expect(await cache.get('short-lived')).toBe('x');
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await cache.get('short-lived')).toBeNull();
      await cache.delete('last-quote:AAPL');
      expect(await cache.get('last-quote:AAPL')).toBeNull();
    } finally {
      await cache.close();
    }
  });
});
