// The Redis cache: values by key under a prefix, expiry, deletion; a Redis that cannot be reached fails
// the cache's calls and prints nothing of its own.
import { randomBytes } from 'node:crypto';
import { RedisCache } from '@ats/redis';
import { freePort } from '@ats/services';
import { beforeAll, describe, expect, it, vi } from 'vitest';
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

describe('RedisCache without a reachable Redis', () => {
  it('rejects its calls and leaves the connection errors to them: no "[ioredis] Unhandled error event" on the console', async () => {
    // A port nothing listens on: taken, then let go.
    const port = await freePort();
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const cache = new RedisCache(`redis://127.0.0.1:${port}`, 'test:unreachable:');
    try {
      await expect(cache.get('last-quote:AAPL')).rejects.toThrow();
      const unhandled = printed.mock.calls.filter((call) =>
        String(call[0]).includes('Unhandled error event'),
      );
      expect(unhandled).toEqual([]);
    } finally {
      printed.mockRestore();
      await cache.close().catch(() => {});
    }
  }, 20_000);
});
