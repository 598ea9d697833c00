// Two deployments on one Redis, named apart, see none of each other's pub/sub messages or streams; a database index alone would not keep pub/sub apart.
import { randomBytes } from 'node:crypto';
import { type EventId, type HealthReported, type RiskAlertRaised, topics } from '@ats/core';
import { RedisMessageBus, redisKeyPrefix } from '@ats/redis';
import { Redis } from 'ioredis';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertRedisReachable, redisUrl } from './redis-availability.js';

function health(detail: string): HealthReported {
  return {
    type: 'HealthReported',
    id: `health-${randomBytes(6).toString('hex')}` as EventId,
    occurredAt: 1_700_000_000_000,
    receivedAt: 1_700_000_000_000,
    causationId: null,
    service: 'data-collector',
    status: 'up',
    detail,
  };
}

function alert(message: string): RiskAlertRaised {
  return {
    type: 'RiskAlertRaised',
    id: `alert-${randomBytes(6).toString('hex')}` as EventId,
    occurredAt: 1_700_000_000_000,
    receivedAt: 1_700_000_000_000,
    causationId: null,
    code: 'MARKET_DATA_STALE',
    severity: 'warning',
    message,
  };
}

async function until(condition: () => boolean, what: string, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe.runIf(redisUrl)('deployments on one Redis', () => {
  beforeAll(assertRedisReachable);

  it('do not see each other pub/sub messages or streams when their names differ', async () => {
    const suffix = randomBytes(4).toString('hex');
    const names = [`iso-a-${suffix}`, `iso-b-${suffix}`] as const;
    const buses = names.map(
      (name) =>
        new RedisMessageBus({
          url: redisUrl as string,
          keyPrefix: redisKeyPrefix(name),
          blockMilliseconds: 100,
        }),
    );
    for (const bus of buses) closers.push(() => bus.close());
    const seen = names.map(() => ({ lossy: [] as string[], durable: [] as string[] }));
    buses.forEach((bus, index) => {
      const inbox = seen[index] as { lossy: string[]; durable: string[] };
      bus.subscribe(topics.systemHealth, (event) => {
        if (event.type === 'HealthReported') inbox.lossy.push(event.detail);
      });
      bus.subscribe(
        topics.riskAlerts,
        (event) => {
          if (event.type === 'RiskAlertRaised') inbox.durable.push(event.message);
        },
        { group: 'monitor' },
      );
    });
    for (const bus of buses) await bus.flush();

    buses.forEach((bus, index) => {
      bus.publish(topics.systemHealth, health(`from ${names[index]}`));
      bus.publish(topics.riskAlerts, alert(`from ${names[index]}`));
    });
    for (const bus of buses) await bus.flush();
    // Each deployment receives its own messages (the control) ...
    await until(
      () => seen.every((inbox) => inbox.lossy.length === 1 && inbox.durable.length === 1),
      'own messages delivered',
    );
    // ... and only its own.
    expect(seen[0]).toEqual({ lossy: [`from ${names[0]}`], durable: [`from ${names[0]}`] });
    expect(seen[1]).toEqual({ lossy: [`from ${names[1]}`], durable: [`from ${names[1]}`] });

    const redis = new Redis(redisUrl as string);
    closers.push(() => void redis.disconnect());
    for (const name of names) {
      const keys = await redis.keys(`${name}:*`);
      closers.push(async () => void (await redis.del(...keys)));
      expect(keys).toContain(`${name}:stream:risk.alerts`);
      expect(keys.every((key) => key.startsWith(`${name}:`))).toBe(true);
    }
  }, 30_000);

  it('a Redis database index does not isolate pub/sub, which is why the deployment name prefixes channels', async () => {
    const channel = `iso-db-${randomBytes(4).toString('hex')}`;
    const base = new URL(redisUrl as string);
    const onDatabase = (index: number) => {
      const url = new URL(base);
      url.pathname = `/${index}`;
      const client = new Redis(url.toString());
      closers.push(() => void client.disconnect());
      return client;
    };
    const subscriber = onDatabase(1);
    const received: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => received.push(message));
    await subscriber.subscribe(channel);
    await onDatabase(0).publish(channel, 'crossed databases');
    await until(() => received.length === 1, 'message from another database');
    expect(received).toEqual(['crossed databases']);
  }, 30_000);
});

describe('deployment names', () => {
  it('refuse names that could reach into another deployment namespace', () => {
    expect(redisKeyPrefix('ats')).toBe('ats:');
    for (const bad of ['', 'a:b', 'a*', 'a?', '[a]', 'A', ' ats', 'x'.repeat(41)])
      expect(() => redisKeyPrefix(bad), bad).toThrow(/deployment name/);
  });
});
