// Checks at start that Redis answers, so a platform never reports itself up on a bus it cannot reach.
import { AtsError } from '@ats/core';
import { connectRedis, describeRedisEndpoint, type RedisEndpoint } from './redis-endpoint.js';

/** Resolves when Redis answers PING within the timeout; otherwise throws BUS_UNAVAILABLE naming the endpoint. */
export async function assertRedisAnswers(url: RedisEndpoint, timeoutMilliseconds = 3_000): Promise<void> {
  const client = connectRedis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMilliseconds,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    // One attempt: the question is whether Redis is there now, not whether it comes back.
    retryStrategy: () => null,
  });
  // ioredis rejects with "Connection is closed."; the socket's own error (ECONNREFUSED...) says more.
  let cause: Error | null = null;
  client.on('error', (error: Error) => {
    cause ??= error;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new AtsError(
      'BUS_UNAVAILABLE',
      `Redis at ${describeRedisEndpoint(url)} does not answer (${(cause ?? (error as Error)).message}); start it or fix redis.url`,
      { cause: cause ?? error },
    );
  } finally {
    client.disconnect();
  }
}
