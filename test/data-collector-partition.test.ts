// Two Data Collector processes partitioned by symbol (data_collector.partition_by_symbol, leases in
// Redis): the symbols are split between them, a SIGKILLed instance's symbols are collected by the
// survivor within seconds, and each symbol's quotes are stored only by its lease holder. Each
// instance's simulated market quotes on its own tick size, so the spread of every stored quote names
// the instance that collected it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sleep, waitFor } from './support/distributed-deployment.js';
import {
  PartitionedService,
  type PartitionInstance,
  partitionTestsEnabled,
} from './support/partitioned-service.js';

const symbols = ['AAPL', 'MSFT', 'JPM', 'XOM'] as const;
/** Each instance's tick size: a stored quote's spread (1 to 3 ticks) says which instance stored it. */
const tickSizes = { alpha: '0.01', beta: '0.25' } as const;
type Instance = PartitionInstance;
const collectors = new PartitionedService({
  service: 'data-collector',
  deploymentPrefix: 'dcpart',
  healthTimeoutMilliseconds: 5_000,
});

afterAll(() => collectors.dispose());

/** The configuration of one instance: the same deployment, its own tick size. */
function configDirectory(instance: Instance): string {
  const path = join(collectors.directory, instance);
  mkdirSync(path);
  writeFileSync(
    join(path, 'default.yaml'),
    [
      'deployment:',
      `  name: ${collectors.deploymentName}`,
      'market:',
      '  speed: 60',
      '  instruments:',
      ...symbols.flatMap((symbol) => [
        `    - symbol: ${symbol}`,
        `      tick_size: '${tickSizes[instance]}'`,
      ]),
      'strategies: []',
      'data_collector:',
      '  partition_by_symbol: true',
      '  lease_ttl: 3s',
      'logging:',
      '  level: info',
      '',
    ].join('\n'),
  );
  return path;
}

/** How many leases of the symbol the instance's log says it acquired. */
function acquisitions(instance: Instance, symbol: string): number {
  return collectors
    .lines(instance)
    .filter((line) => line.includes('symbol lease acquired') && line.includes(`"symbol":"${symbol}"`)).length;
}

/** The instance a stored quote's spread names (one to three ticks of that instance's tick size). */
function instanceOfSpread(spread: number): Instance {
  return spread <= 0.031 ? 'alpha' : 'beta';
}

describe.runIf(partitionTestsEnabled)(
  'Data Collector partitioned by symbol (two processes, leases in Redis)',
  () => {
    it('splits the symbols, stores each symbol’s quotes only from its lease holder, and moves a SIGKILLed instance’s symbols to the survivor within seconds', async () => {
      await collectors.prepare();
      const database = collectors.database;
      await Promise.all([
        collectors.start('alpha', { ATS_CONFIG_DIR: configDirectory('alpha') }),
        collectors.start('beta', { ATS_CONFIG_DIR: configDirectory('beta') }),
      ]);
      const split = await collectors.split(2);
      expect(new Set([...split.alpha, ...split.beta])).toEqual(new Set(symbols));
      // Both collect for a while: quotes of every symbol are stored.
      await waitFor(
        async () =>
          Number(
            (
              await database.query<{ count: string }>(
                'SELECT count(DISTINCT symbol) AS count FROM market_quotes',
              )
            )[0]?.count,
          ),
        (count) => count === symbols.length,
        30_000,
        'quotes of every symbol stored',
      );
      // The quotes stored while the split holds: after the batches of the start's rebalancing are
      // written (each instance flushes every 250 ms), until just before the kill.
      const lastId = async () =>
        Number(
          (await database.query<{ last: string }>('SELECT max(id)::text AS last FROM market_quotes'))[0]
            ?.last,
        );
      await sleep(3_000);
      const splitFrom = await lastId();
      await sleep(3_000);
      const splitTo = await lastId();
      // The split held all along (a lease lost meanwhile would show here as another split).
      expect(await collectors.ownedBy('alpha')).toEqual(split.alpha);
      expect(await collectors.ownedBy('beta')).toEqual(split.beta);

      await collectors.kill('alpha', 'SIGKILL');
      const killedAt = Date.now();
      const takeover = await waitFor(
        () => collectors.ownedBy('beta'),
        (owned) => owned.length === symbols.length,
        30_000,
        'beta owns every symbol',
      );
      const tookOverAt = Date.now();
      expect(new Set(takeover)).toEqual(new Set(symbols));
      // Within seconds (the lease time is 3 s; the bound is loose for a loaded machine).
      expect(tookOverAt - killedAt).toBeLessThan(15_000);
      const afterTakeover = await lastId();
      // The survivor collects alpha's symbols: new quotes of each, stored by beta.
      const collected = await waitFor(
        () =>
          database.query<{ symbol: string; spread: string }>(
            'SELECT symbol, min(ask - bid)::text AS spread FROM market_quotes WHERE id > $1 GROUP BY symbol',
            [afterTakeover],
          ),
        (rows) => rows.length === symbols.length,
        30_000,
        'quotes of every symbol after the takeover',
      );
      for (const row of collected) expect(instanceOfSpread(Number(row.spread))).toBe('beta');

      // A clean stop flushes beta's last quotes.
      await collectors.kill('beta', 'SIGTERM');

      // Between the split and the kill, every symbol's stored quotes came from its lease holder alone.
      const stored = await database.query<{ symbol: string; spread: string; count: string }>(
        `SELECT symbol, (ask - bid)::text AS spread, count(*)::text AS count FROM market_quotes
       WHERE id > $1 AND id <= $2 GROUP BY symbol, ask - bid`,
        [splitFrom, splitTo],
      );
      const storedBy = new Map<string, Map<Instance, number>>();
      for (const row of stored) {
        const counts = storedBy.get(row.symbol) ?? new Map<Instance, number>();
        const instance = instanceOfSpread(Number(row.spread));
        counts.set(instance, (counts.get(instance) ?? 0) + Number(row.count));
        storedBy.set(row.symbol, counts);
      }
      for (const symbol of symbols) {
        const holder: Instance = split.alpha.includes(symbol) ? 'alpha' : 'beta';
        const other: Instance = holder === 'alpha' ? 'beta' : 'alpha';
        expect(storedBy.get(symbol)?.get(holder) ?? 0, `${symbol} by ${holder}`).toBeGreaterThan(0);
        expect(storedBy.get(symbol)?.get(other) ?? 0, `${symbol} by ${other}`).toBe(0);
      }
      // alpha's symbols were leased by beta after the kill.
      for (const symbol of split.alpha) expect(acquisitions('beta', symbol)).toBeGreaterThanOrEqual(1);
    }, 300_000);
  },
);
