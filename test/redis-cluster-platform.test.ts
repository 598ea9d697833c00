// Redis Cluster (redis.cluster_endpoints): the multi-process platform runs on a three-primary cluster
// of its own on loopback, with no single Redis server at all, and an order flows from the feed through
// the Strategy Engine, the Risk Manager and the Trade Executor to a fill that the Audit service keeps.
// The BullMQ backtest queue (hash-tagged keys) and the symbol leases work on the same cluster.
import type { EvaluationTask } from '@ats/backtest';
import { evaluateParameters, serializeSeries } from '@ats/backtest';
import { type Bar, Price, type Ticker } from '@ats/core';
import { connectRedis, SymbolLeases } from '@ats/redis';
import { DistributedBacktestQueue, startBacktestWorker, testAdminHeaders } from '@ats/services';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Deployment, startDeployment, waitFor } from './support/distributed-deployment.js';
import { RedisClusterFixture, redisClusterToolsAvailable } from './support/redis-cluster.js';

const databaseUrl = process.env.DATABASE_URL;
const available = redisClusterToolsAvailable() && Boolean(databaseUrl);
if (!available && process.env.CI === 'true')
  throw new Error(
    'CI=true but redis-server/redis-cli or DATABASE_URL is missing: the cluster test cannot run',
  );

let cluster: RedisClusterFixture | null = null;
let deployment: Deployment | null = null;
afterAll(async () => {
  await deployment?.dispose();
  await cluster?.dispose();
});

/** Every key of the deployment's streams on one node (SCAN of that node alone). */
async function streamKeysOn(port: number, prefix: string): Promise<string[]> {
  const client = new Redis({ port, host: '127.0.0.1' });
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await client.scan(cursor, 'MATCH', `${prefix}stream:*`, 'COUNT', 500);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    return keys;
  } finally {
    client.disconnect();
  }
}

beforeAll(async () => {
  if (available) cluster = await RedisClusterFixture.start(3);
}, 120_000);

describe.runIf(available)('Redis Cluster (three primaries on loopback)', () => {
  it('runs the multi-process platform on the cluster alone: a fill is traded, audited, and the streams span several primaries', async () => {
    if (!cluster) throw new Error('no cluster');
    deployment = await startDeployment({
      yaml: [
        'market:',
        '  speed: 2400',
        '  seed: 11',
        'strategies:',
        '  - id: fast-cross',
        '    kind: sma-cross',
        '    symbols: [AAPL, MSFT, JPM, XOM, JNJ]',
        '    parameters: { fast: 3, slow: 8 }',
        'redis:',
        `  cluster_endpoints: [${cluster.endpoints.join(', ')}]`,
        'logging:',
        '  level: warn',
      ],
      // Nothing listens on port 1: were any part of the platform to use redis.url's host instead of
      // the cluster, it would fail to start.
      redisUrl: 'redis://127.0.0.1:1',
      databaseUrl: databaseUrl as string,
    });
    const executor = deployment.url('trade-executor');
    const trades = await waitFor(
      async () =>
        (await (await fetch(`${executor}/trades`, { headers: testAdminHeaders })).json()) as unknown[],
      (list) => list.length > 0,
      90_000,
      'a trade on the cluster',
    );
    expect(trades.length).toBeGreaterThan(0);
    const audit = deployment.url('audit');
    const audited = await waitFor(
      async () =>
        (
          (await (
            await fetch(`${audit}/records?action=order.OrderFilled`, { headers: testAdminHeaders })
          ).json()) as { records: unknown[] }
        ).records,
      (records) => records.length > 0,
      30_000,
      'the fill in the audit log',
    );
    expect(audited.length).toBeGreaterThan(0);
    // The streams are keys of their own, hashed to slots of different primaries.
    const byNode = await Promise.all(cluster.ports.map((port) => streamKeysOn(port, 'it-*:')));
    const nodesWithStreams = byNode.filter((keys) => keys.length > 0).length;
    expect(byNode.flat().length).toBeGreaterThanOrEqual(4);
    expect(nodesWithStreams).toBeGreaterThanOrEqual(2);
    for (const [index, keys] of byNode.entries())
      for (const key of keys) expect(await cluster.ownerOf(key)).toBe(cluster.ports[index]);
  }, 240_000);

  it('runs a backtest evaluation through the BullMQ queue on the cluster with the local result', async () => {
    if (!cluster) throw new Error('no cluster');
    const endpoint = { clusterNodes: cluster.endpoints };
    const worker = await startBacktestWorker({
      endpoint,
      deploymentName: 'cluster-queue',
      runs: {
        create: async () => {},
        updateProgress: async () => {},
        finish: async () => {},
        find: async () => null,
        result: async () => null,
        list: async () => [],
      },
      name: 'cluster-worker',
      concurrency: 1,
      lockDurationMilliseconds: 5_000,
      stalledIntervalMilliseconds: 2_000,
      maxStalledCount: 1,
      onError: () => {},
    });
    const queue = new DistributedBacktestQueue({ endpoint, deploymentName: 'cluster-queue', attempts: 1 });
    try {
      const bars: Bar[] = Array.from({ length: 300 }, (_, index) => {
        const price = Price.of((100 + 10 * Math.sin(index / 9)).toFixed(2));
        return {
          symbol: 'WAVE' as Ticker,
          timeframe: '1d',
          time: Date.UTC(2020, 0, 1) + index * 86_400_000,
          open: price,
          high: price,
          low: price,
          close: price,
          volume: 1_000,
        };
      });
      const task: EvaluationTask = {
        strategyKind: 'sma-cross',
        parameters: { fast: 3, slow: 10 },
        series: [serializeSeries('WAVE', bars)],
        from: Number.NEGATIVE_INFINITY,
        to: Number.POSITIVE_INFINITY,
        startingCash: '100000',
        rules: {
          marketFill: 'next-open',
          slippage: { kind: 'none' },
          commission: { kind: 'basis-points', basisPoints: 10 },
        },
      };
      expect(await queue.evaluate(task)).toEqual(await evaluateParameters(task));
    } finally {
      await queue.close();
      await worker.close();
    }
  }, 120_000);

  it('splits symbol leases between two instances on the cluster', async () => {
    if (!cluster) throw new Error('no cluster');
    const symbols = ['AAPL', 'MSFT', 'JPM', 'XOM', 'JNJ', 'IBM'];
    const clients = [
      connectRedis({ clusterNodes: cluster.endpoints }),
      connectRedis({ clusterNodes: cluster.endpoints }),
    ];
    const leases = ['one', 'two'].map(
      (instance, index) =>
        new SymbolLeases({
          client: clients[index] as (typeof clients)[number],
          keyPrefix: 'cluster-leases:',
          instance,
          symbols,
          ttlMilliseconds: 1_000,
          onAcquired: () => {},
          onLost: () => {},
          onError: () => {},
        }),
    );
    try {
      for (const lease of leases) await lease.start();
      const split = await waitFor(
        async () => leases.map((lease) => lease.owned()),
        ([one, two]) => one?.length === 3 && two?.length === 3,
        20_000,
        'three symbols each',
      );
      expect(new Set(split.flat())).toEqual(new Set(symbols));
    } finally {
      for (const lease of leases) await lease.stop();
      for (const client of clients) client.disconnect();
    }
  }, 60_000);
});
