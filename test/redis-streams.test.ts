// Redis-only behaviour of durable topics: dead letters, claiming a crashed consumer's entries, malformed entries.
import { randomBytes } from 'node:crypto';
import { type EventId, type PlatformEvent, topics } from '@ats/core';
import { RedisMessageBus } from '@ats/redis';
import { Redis } from 'ioredis';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertRedisReachable, redisUrl } from './redis-availability.js';

const alert = (id: string): PlatformEvent => ({
  type: 'RiskAlertRaised',
  id: id as EventId,
  occurredAt: 0,
  receivedAt: 0,
  causationId: null,
  code: 'TEST',
  severity: 'warning',
  message: 'test',
});

async function eventually(condition: () => boolean | Promise<boolean>, timeout = 8_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

beforeAll(async () => {
  await assertRedisReachable();
});

describe.runIf(redisUrl)('Redis streams', () => {
  const prefix = () => `test:${randomBytes(6).toString('hex')}:`;
  const open = (keyPrefix: string, extra: Partial<ConstructorParameters<typeof RedisMessageBus>[0]> = {}) => {
    const errors: unknown[] = [];
    const bus = new RedisMessageBus({
      url: redisUrl as string,
      keyPrefix,
      blockMilliseconds: 100,
      claimIdleMilliseconds: 300,
      onError: (error) => errors.push(error),
      ...extra,
    });
    closers.push(() => bus.close());
    return { bus, errors };
  };
  const client = () => {
    const redis = new Redis(redisUrl as string);
    closers.push(() => redis.quit());
    return redis;
  };

  it('moves an entry whose handler keeps failing to the dead-letter stream and goes on', async () => {
    const keyPrefix = prefix();
    const { bus, errors } = open(keyPrefix, { maxAttempts: 3 });
    const handled: string[] = [];
    bus.subscribe(
      topics.riskAlerts,
      (event) => {
        if (event.id === 'poison') throw new Error('cannot handle this one');
        handled.push(event.id);
      },
      { group: 'alerts' },
    );
    await bus.flush();
    bus.publish(topics.riskAlerts, alert('poison'));
    bus.publish(topics.riskAlerts, alert('fine'));
    await bus.flush();
    await eventually(() => handled.length === 1);
    const redis = client();
    const dead = await redis.xrange(`${keyPrefix}stream:risk.alerts.dead`, '-', '+');
    expect(dead).toHaveLength(1);
    expect(dead[0]?.[1]).toContain('alerts');
    expect(errors.some((error) => /moved to dead letters/.test(String((error as Error).message)))).toBe(true);
  });

  it('moves a malformed entry to the dead-letter stream without stopping the consumer', async () => {
    const keyPrefix = prefix();
    const { bus } = open(keyPrefix);
    const handled: string[] = [];
    bus.subscribe(topics.riskAlerts, (event) => void handled.push(event.id), { group: 'alerts' });
    await bus.flush();
    const redis = client();
    await redis.xadd(
      `${keyPrefix}stream:risk.alerts`,
      '*',
      'topic',
      'risk.alerts',
      'data',
      '{"type":"Nonsense"}',
    );
    bus.publish(topics.riskAlerts, alert('after'));
    await bus.flush();
    await eventually(() => handled.length === 1);
    expect(handled).toEqual(['after']);
    expect(await redis.xlen(`${keyPrefix}stream:risk.alerts.dead`)).toBe(1);
  });

  it('lets another consumer of the group claim what a crashed consumer read but never acknowledged', async () => {
    const keyPrefix = prefix();
    const redis = client();
    const stream = `${keyPrefix}stream:risk.alerts`;
    await redis.xgroup('CREATE', stream, 'alerts', '$', 'MKSTREAM');
    const { bus: producer } = open(keyPrefix);
    producer.publish(topics.riskAlerts, alert('orphan'));
    await producer.flush();
    // A consumer reads the entry and dies before acknowledging it.
    await redis.xreadgroup('GROUP', 'alerts', 'crashed-consumer', 'COUNT', '10', 'STREAMS', stream, '>');
    const handled: string[] = [];
    const { bus: survivor } = open(keyPrefix, { consumerName: 'survivor' });
    survivor.subscribe(topics.riskAlerts, (event) => void handled.push(event.id), { group: 'alerts' });
    await eventually(() => handled.length === 1);
    expect(handled).toEqual(['orphan']);
    await eventually(async () => Number(((await redis.xpending(stream, 'alerts')) as [number])[0]) === 0);
  });
});
