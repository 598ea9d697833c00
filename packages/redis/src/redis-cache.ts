// The cache port over Redis: GET, SET with an optional expiry, DEL, under the deployment's key prefix.
import type { Cache } from '@ats/core';
import type { RedisClient } from './redis-endpoint.js';
import { connectRedis, type RedisEndpoint } from './redis-endpoint.js';
import { redisKeyPrefix } from './redis-namespace.js';

export class RedisCache implements Cache {
  private readonly client: RedisClient;

  constructor(
    url: RedisEndpoint,
    /** `${redisKeyPrefix(deployment.name)}cache:`; the default is the default deployment's. */
    private readonly prefix = `${redisKeyPrefix('ats')}cache:`,
  ) {
    this.client = connectRedis(url, { maxRetriesPerRequest: 3 });
    // Connection errors reach the callers as their calls' rejections. Without a listener ioredis
    // printed "[ioredis] Unhandled error event" for every reconnection attempt while Redis was away
    // (the Data Collector's output during `ats chaos`'s Sentinel failover: 44 such lines).
    this.client.on('error', () => {});
  }

  get(key: string): Promise<string | null> {
    return this.client.get(this.prefix + key);
  }

  async set(key: string, value: string, ttlMilliseconds?: number): Promise<void> {
    if (ttlMilliseconds === undefined) await this.client.set(this.prefix + key, value);
    else await this.client.set(this.prefix + key, value, 'PX', ttlMilliseconds);
  }

  async delete(key: string): Promise<void> {
    await this.client.del(this.prefix + key);
  }

  async close(): Promise<void> {
    await this.client.quit();
  }
}
