// The scaling settings: Redis Cluster seed nodes, the read replica, distributed backtests and the
// partitioned Strategy Engine, as the configuration accepts and refuses them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReplicaOptionsOf, redisEndpointOf } from '../wiring/config-mapping.js';
import { loadConfig } from './load-config.js';

const load = (overrides: Record<string, unknown>) =>
  loadConfig({ directory: mkdtempSync(join(tmpdir(), 'ats-config-')), env: {}, overrides });

describe('scaling configuration', () => {
  it('maps redis.cluster_endpoints to a cluster endpoint, with redis.url for the password only', () => {
    const config = load({
      redis: { url: 'redis://:secret@ignored:6379', cluster_endpoints: ['10.0.0.1:7000', 'node-2:7001'] },
    });
    expect(redisEndpointOf(config)).toEqual({
      clusterNodes: ['10.0.0.1:7000', 'node-2:7001'],
      url: 'redis://:secret@ignored:6379',
    });
  });

  it('refuses cluster_endpoints together with sentinel_enabled, and a node that is not host:port', () => {
    expect(() =>
      load({ redis: { cluster_endpoints: ['a:7000'], sentinel_enabled: true, sentinels: ['s:26379'] } }),
    ).toThrow(/redis\.cluster_endpoints.*exclude each other/s);
    expect(() => load({ redis: { cluster_endpoints: ['no-port'] } })).toThrow(
      /redis\.cluster_endpoints.*host:port/s,
    );
    expect(() => load({ redis: { cluster_endpoints: [] } })).toThrow(/at least one host:port/);
  });

  it('opens the read replica without migrations, and refuses a replica URL that is no URL', () => {
    const config = load({
      database: { url: 'postgres://p@primary/ats', read_replica_url: 'postgres://p@replica/ats' },
    });
    expect(readReplicaOptionsOf(config)).toMatchObject({
      url: 'postgres://p@replica/ats',
      skipMigrations: true,
    });
    expect(readReplicaOptionsOf(load({}))).toBeNull();
    expect(() => load({ database: { read_replica_url: 'replica' } })).toThrow(/database\.read_replica_url/);
  });

  it('defaults distributed backtests off and the symbol lease to 3 s, and refuses zero attempts', () => {
    const config = load({});
    expect(config.backtesting.distributed).toEqual({
      enabled: false,
      attempts: 3,
      lock_duration: '30s',
      stalled_interval: '15s',
      worker_concurrency: 1,
    });
    expect(config.strategy_engine).toEqual({
      partition_by_symbol: false,
      lease_ttl: '3s',
      instances: 1,
      signal_retry_window: '1m',
    });
    expect(config.data_collector).toEqual({ partition_by_symbol: false, lease_ttl: '3s', instances: 1 });
    expect(() => load({ backtesting: { distributed: { attempts: 0 } } })).toThrow(
      /backtesting\.distributed\.attempts/,
    );
  });

  it('refuses several Strategy Engine or Data Collector instances without partition_by_symbol, and more than nine', () => {
    expect(() => load({ strategy_engine: { instances: 2 } })).toThrow(/strategy_engine\.instances/);
    expect(() => load({ data_collector: { instances: 2 } })).toThrow(/data_collector\.instances/);
    expect(() => load({ data_collector: { instances: 10, partition_by_symbol: true } })).toThrow(
      /data_collector\.instances/,
    );
    expect(
      load({ strategy_engine: { instances: 3, partition_by_symbol: true } }).strategy_engine.instances,
    ).toBe(3);
  });
});
