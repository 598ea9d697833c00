// Redis Sentinel (redis.sentinel_enabled): the bus finds the primary through a sentinel, and when the
// primary is SIGKILLed and the sentinel promotes the replica, no order event is lost or duplicated:
// those published while no primary answers wait in the client and go to the new primary; and the bus
// reports the change of server with a time before the kill, from which the services' outbox relays
// publish again what the old primary may have acknowledged without replicating.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AccountId,
  type EventId,
  Money,
  type OrderFilled,
  type OrderId,
  Price,
  Quantity,
  type StrategyId,
  type Ticker,
  type TradeId,
  topics,
} from '@ats/core';
import { RedisMessageBus } from '@ats/redis';
import { loadConfig, redisEndpointOf, SentinelRedisGroup, sentinelGroupPrimaryName } from '@ats/services';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, sleep } from './support/distributed-deployment.js';

const available =
  spawnSync('redis-server', ['--version']).status === 0 && spawnSync('redis-cli', ['--version']).status === 0;
if (!available && process.env.CI === 'true')
  throw new Error('CI=true but redis-server or redis-cli is not installed');

function fill(sequence: number): OrderFilled {
  return {
    type: 'OrderFilled',
    id: `sentinel-fill-${sequence}` as EventId,
    occurredAt: 1_700_000_000_000 + sequence,
    receivedAt: 1_700_000_000_000 + sequence,
    causationId: null,
    orderId: `order-${sequence}` as OrderId,
    tradeId: `trade-${sequence}` as TradeId,
    accountId: 'paper' as AccountId,
    strategyId: 'sma-cross' as StrategyId,
    symbol: 'AAPL' as Ticker,
    side: 'BUY',
    lastQuantity: Quantity.of(10),
    lastPrice: Price.of('190.1200'),
    commission: Money.of('1.0000'),
    venue: 'PAPER',
    executionId: `execution-${sequence}`,
    liquidityTaker: true,
  };
}

const directory = mkdtempSync(join(tmpdir(), 'ats-sentinel-'));
let setup: SentinelRedisGroup | null = null;
let bus: RedisMessageBus | null = null;
afterAll(async () => {
  await bus?.close().catch(() => {});
  await setup?.dispose();
  rmSync(directory, { recursive: true, force: true });
});

describe.runIf(available)('Redis Sentinel failover (redis-server and a sentinel on loopback)', () => {
  it('delivers every order event exactly once across a SIGKILL of the primary and the promotion of its replica, and reports the change of primary with a time before the kill', async () => {
    setup = await SentinelRedisGroup.start(directory, {
      data: [await freePort(), await freePort()],
      sentinel: await freePort(),
    });
    const [oldPrimary, replicaPort] = setup.dataPorts;
    const config = loadConfig({
      directory: '/nonexistent-ats-config',
      env: {},
      overrides: {
        redis: {
          sentinel_enabled: true,
          sentinels: [setup.sentinelAddress],
          sentinel_master: sentinelGroupPrimaryName,
        },
      },
    });
    const endpoint = redisEndpointOf(config);
    expect(endpoint).toEqual({ sentinels: [setup.sentinelAddress], primaryName: sentinelGroupPrimaryName });
    bus = new RedisMessageBus({
      url: endpoint as NonNullable<typeof endpoint>,
      keyPrefix: `test:${randomBytes(4).toString('hex')}:`,
      blockMilliseconds: 100,
      claimIdleMilliseconds: 500,
    });
    const received: string[] = [];
    bus.subscribe(topics.orderEvents, (event) => void received.push(event.id), { group: 'audit' });
    const losses: (number | null)[] = [];
    bus.onDataLoss((since) => losses.push(since), 100);
    await sleep(300);

    const before = 100;
    for (let sequence = 0; sequence < before; sequence++) bus.publish(topics.orderEvents, fill(sequence));
    await bus.flush();
    const waitFor = async (count: number) => {
      const deadline = Date.now() + 60_000;
      while (received.length < count && Date.now() < deadline) await sleep(50);
    };
    await waitFor(before);
    await setup.replicaCaughtUp();

    const killedAt = Date.now();
    setup.kill(oldPrimary);
    // Published while the primary is gone and before the sentinel has promoted the replica.
    const during = 100;
    for (let sequence = before; sequence < before + during; sequence++) {
      bus.publish(topics.orderEvents, fill(sequence));
      await sleep(10);
    }
    await waitFor(before + during);
    expect(await setup.primaryPort()).toBe(replicaPort);
    expect(await setup.primaryPort()).not.toBe(oldPrimary);
    await sleep(500);
    expect(received).toHaveLength(before + during);
    expect(new Set(received).size).toBe(before + during);
    expect([...received].sort()).toEqual(
      Array.from({ length: before + during }, (_, sequence) => `sentinel-fill-${sequence}`).sort(),
    );
    // Another server answers: reported, not as a total loss (the marker key was replicated), with a
    // time 10 s before the old primary last answered (its last answer may trail the kill by a hair).
    const deadline = Date.now() + 30_000;
    while (losses.length === 0 && Date.now() < deadline) await sleep(50);
    expect(losses.length).toBeGreaterThan(0);
    for (const since of losses) {
      expect(since).not.toBeNull();
      expect(since as number).toBeLessThanOrEqual(killedAt + 1_000 - 10_000);
    }
  }, 120_000);
});
