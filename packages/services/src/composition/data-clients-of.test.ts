// data.providers picks the market data adapters by name, in failover order, with env credentials.
import { AtsError, type Repositories } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { feedsFromSimulatedMarket, simulatedMarketOf } from '../simulated-market/simulated-market-of.js';
import { dataClientsOf, streamingClientOf } from './data-clients-of.js';

/** Run on the schema's defaults, not on the repository's config folder. */
const absentFolder = 'no-config-folder-for-this-test';

/** No stored quotes: the simulated market starts fresh. */
const emptyRepositories = { marketData: { latestQuotes: async () => [] } } as unknown as Repositories;

describe('data.providers', () => {
  it('defaults to the simulated market, which then feeds the collector on the simulated clock', async () => {
    const config = configSchema.parse({});
    expect(config.data.providers).toEqual(['simulated']);
    const simulated = await simulatedMarketOf(config, emptyRepositories);
    const clients = dataClientsOf(config, simulated);
    expect(streamingClientOf(clients)).toBe(simulated.market);
    expect(feedsFromSimulatedMarket(config)).toBe(true);
  });

  it('builds every named provider in failover order, with credentials from the environment', async () => {
    const config = loadConfig({
      directory: absentFolder,
      env: {
        BROKER_API_KEY: 'alpaca-key',
        BROKER_API_SECRET: 'alpaca-secret',
        POLYGON_API_KEY: 'polygon-key',
        ALPHA_VANTAGE_API_KEY: 'av-key',
      },
      overrides: { data: { providers: ['yahoo', 'polygon', 'alpaca', 'alpha-vantage', 'simulated'] } },
    });
    const simulated = await simulatedMarketOf(config, emptyRepositories);
    const clients = dataClientsOf(config, simulated);
    expect(clients.map((client) => client.name)).toEqual([
      'yahoo',
      'polygon',
      'alpaca',
      'alpha-vantage',
      'simulated',
    ]);
    // Yahoo has no stream: Polygon, the next in the chain, feeds the collector, on the wall clock.
    expect(streamingClientOf(clients).name).toBe('polygon');
    expect(feedsFromSimulatedMarket(config)).toBe(false);
    expect(Math.abs(simulated.clock.now() - Date.now())).toBeLessThan(1_000);
    expect(clients[2]?.capabilities.rateLimit).toMatchObject({ requests: 200, perMilliseconds: 60_000 });
    expect(clients[3]?.capabilities.rateLimit).toMatchObject({ requests: 5, perMilliseconds: 60_000 });
  });

  it('names the missing variable when a provider has no credentials', async () => {
    const config = loadConfig({
      directory: absentFolder,
      env: {},
      overrides: { data: { providers: ['polygon'] } },
    });
    const simulated = await simulatedMarketOf(config, emptyRepositories);
    expect(() => dataClientsOf(config, simulated)).toThrow(/POLYGON_API_KEY must be set/);
  });

  it('refuses a chain with no streaming provider, an unknown name, and a name given twice', async () => {
    const config = loadConfig({
      directory: absentFolder,
      env: {},
      overrides: { data: { providers: ['yahoo'] } },
    });
    const simulated = await simulatedMarketOf(config, emptyRepositories);
    const failure = (() => {
      try {
        streamingClientOf(dataClientsOf(config, simulated));
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(AtsError);
    expect((failure as AtsError).message).toMatch(/names no provider that streams quotes/);
    expect(() =>
      loadConfig({
        directory: absentFolder,
        env: {},
        overrides: { data: { providers: ['iex-cloud'] } },
      }),
    ).toThrow(/data\.providers/);
    expect(() =>
      loadConfig({
        directory: absentFolder,
        env: {},
        overrides: { data: { providers: ['yahoo', 'yahoo'] } },
      }),
    ).toThrow(/twice/);
  });
});
