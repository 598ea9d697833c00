// The Security service's shared state on Redis in multi-process mode: request counters for rate limits
// (one count across every process) and the denylist of revoked sessions (a sorted set by expiry).
import type { SessionRevocation } from '@ats/core';
import type { RedisClient } from './redis-endpoint.js';
import { connectRedis, type RedisEndpoint } from './redis-endpoint.js';

export class RedisSecurityStores {
  private readonly client: RedisClient;

  constructor(
    url: RedisEndpoint,
    /** `${redisKeyPrefix(deployment.name)}security:` */
    private readonly prefix: string,
  ) {
    // A slow Redis must not hold requests: commands give up after half a second (the caller decides).
    this.client = connectRedis(url, { maxRetriesPerRequest: 1, commandTimeout: 500 });
    this.client.on('error', () => {});
  }

  /** Counts a hit of `key` in the current fixed window; the counter expires with its window. */
  async hit(key: string, windowMilliseconds: number): Promise<number> {
    const window = Math.floor(Date.now() / windowMilliseconds);
    const name = `${this.prefix}rate:${window}:${key}`;
    const result = await this.client
      .multi()
      .incr(name)
      .pexpire(name, windowMilliseconds * 2)
      .exec();
    const [error, count] = result?.[0] ?? [new Error('no reply'), 0];
    if (error) throw error;
    return Number(count);
  }

  /** Adds a revoked session; the member holds its revocation time, the score its expiry. */
  async addRevocation(revocation: SessionRevocation): Promise<void> {
    await this.client.zadd(
      `${this.prefix}revocations`,
      revocation.expiresAt,
      `${revocation.revokedAt}|${revocation.subject}`,
    );
  }

  /** The revocations still in force at `now`; expired ones are removed on the way. */
  async activeRevocations(now: number): Promise<SessionRevocation[]> {
    const key = `${this.prefix}revocations`;
    await this.client.zremrangebyscore(key, '-inf', `(${now}`);
    const entries = await this.client.zrange(key, 0, -1, 'WITHSCORES');
    const revocations: SessionRevocation[] = [];
    for (let index = 0; index + 1 < entries.length; index += 2) {
      const member = entries[index] as string;
      const separator = member.indexOf('|');
      revocations.push({
        subject: member.slice(separator + 1),
        revokedAt: Number(member.slice(0, separator)),
        expiresAt: Number(entries[index + 1]),
      });
    }
    return revocations;
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
