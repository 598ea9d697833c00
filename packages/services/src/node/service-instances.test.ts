// The processes the multi-process mode runs: one per service, or the configured instances of a service
// partitioned by symbol, each named and on a port of its own.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { instancePort, serviceInstancesOf } from './service-instances.js';
import { distributedServices } from './service-process.js';

const load = (overrides: Record<string, unknown>) =>
  loadConfig({ directory: mkdtempSync(join(tmpdir(), 'ats-config-')), env: {}, overrides });

describe('serviceInstancesOf', () => {
  it('runs one unnamed process per service on its port when nothing is partitioned', () => {
    const plan = serviceInstancesOf(load({}));
    expect(plan.map((entry) => entry.name)).toEqual([...distributedServices]);
    expect(plan.every((entry) => entry.instance === undefined)).toBe(true);
    expect(plan.find((entry) => entry.name === 'strategy-engine')?.port).toBe(9102);
  });

  it('runs the configured instances of the Strategy Engine and the Data Collector, named 1..N, on the service port + 100 each', () => {
    const plan = serviceInstancesOf(
      load({
        strategy_engine: { partition_by_symbol: true, instances: 3 },
        data_collector: { partition_by_symbol: true, instances: 2 },
      }),
    );
    expect(plan.filter((entry) => entry.service === 'strategy-engine')).toEqual([
      { name: 'strategy-engine', service: 'strategy-engine', instance: '1', port: 9102 },
      { name: 'strategy-engine-2', service: 'strategy-engine', instance: '2', port: 9202 },
      { name: 'strategy-engine-3', service: 'strategy-engine', instance: '3', port: 9302 },
    ]);
    expect(plan.filter((entry) => entry.service === 'data-collector')).toEqual([
      { name: 'data-collector', service: 'data-collector', instance: '1', port: 9101 },
      { name: 'data-collector-2', service: 'data-collector', instance: '2', port: 9201 },
    ]);
    // No two processes on one port.
    const ports = plan.map((entry) => entry.port);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('names the single instance of a partitioned service (its leases need an owner name)', () => {
    const plan = serviceInstancesOf(load({ strategy_engine: { partition_by_symbol: true } }));
    expect(plan.filter((entry) => entry.service === 'strategy-engine')).toEqual([
      { name: 'strategy-engine', service: 'strategy-engine', instance: '1', port: 9102 },
    ]);
  });

  it('puts a numbered instance started alone (systemd) on the port the supervisor gives it, any other name on the service port', () => {
    const config = load({ strategy_engine: { partition_by_symbol: true, instances: 3 } });
    const supervised = serviceInstancesOf(config).filter((entry) => entry.service === 'strategy-engine');
    for (const { instance, port } of supervised)
      expect(instancePort(config, 'strategy-engine', instance as string)).toBe(port);
    expect(instancePort(config, 'data-collector', '4')).toBe(9401);
    expect(instancePort(config, 'strategy-engine', 'host-a')).toBe(9102);
  });
});
