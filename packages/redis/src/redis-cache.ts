// The cache port over Redis: GET, SET with an optional expiry, DEL, under the deployment's key prefix.
import type { Cache } from '@ats/core';
import { Redis } from 'ioredis';
import { redisKeyPrefix } from './redis-namespace.js';

export class RedisCache implements Cache {
  private readonly client: Redis;

  constructor(
    url: string,
    /** `${redisKeyPrefix(deployment.name)}cache:`; the default is the default deployment's. */
    private readonly prefix = `${redisKeyPrefix('ats')}cache:`,
  ) {
    this.client = new Redis(url, { maxRetriesPerRequest: 3 });
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
