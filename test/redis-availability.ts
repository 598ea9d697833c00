// Decides whether the Redis suites run: with REDIS_URL set they must (under CI=true an unreachable server fails).
import { Redis } from 'ioredis';

export const redisUrl = process.env.REDIS_URL;

/** Throws when REDIS_URL is set but the server does not answer, so CI never skips silently. */
export async function assertRedisReachable(): Promise<void> {
  if (!redisUrl) return;
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 3_000, lazyConnect: true });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(`REDIS_URL=${redisUrl} is set but Redis does not answer: ${(error as Error).message}`);
  } finally {
    client.disconnect();
  }
}
