// The market data providers named by `data.providers`, built in failover order: the simulated market,
// Alpaca, Polygon, Yahoo Finance, Alpha Vantage. Credentials come from the environment (config.secrets).
import { AlpacaMarketDataClient, alpacaCredentialsFromEnvironment } from '@ats/adapter-alpaca';
import { AlphaVantageDataClient, alphaVantageApiKeyFromEnvironment } from '@ats/adapter-alpha-vantage';
import { PolygonDataClient, polygonApiKeyFromEnvironment } from '@ats/adapter-polygon';
import { YahooDataClient } from '@ats/adapter-yahoo';
import { AtsError, type DataClient } from '@ats/core';
import type { AtsConfig } from '../config/config-schema.js';
import type { SimulatedMarket } from '../simulated-market/simulated-market-of.js';

export type DataProviderName = AtsConfig['data']['providers'][number];

const minute = 60_000;

/**
 * One provider by name; throws CONFIG_INVALID naming the variable when its credentials are missing.
 * `simulated` is needed only for the simulated market (history tools build network providers alone).
 */
export function dataClientOf(
  name: DataProviderName,
  config: AtsConfig,
  simulated?: SimulatedMarket,
): DataClient {
  const { data, secrets } = config;
  switch (name) {
    case 'simulated':
      if (!simulated) throw new AtsError('CONFIG_INVALID', 'the simulated market has no stored history');
      return simulated.market;
    case 'alpaca':
      return new AlpacaMarketDataClient({
        credentials: alpacaCredentialsFromEnvironment({
          BROKER_API_KEY: secrets.broker_api_key,
          BROKER_API_SECRET: secrets.broker_api_secret,
        }),
        feed: data.alpaca.feed,
        rateLimit: { requests: data.alpaca.requests_per_minute, windowMilliseconds: minute },
        ...(data.alpaca.rest_url ? { restUrl: data.alpaca.rest_url } : {}),
        ...(data.alpaca.stream_url ? { streamUrl: data.alpaca.stream_url } : {}),
      });
    case 'polygon':
      return new PolygonDataClient({
        apiKey: polygonApiKeyFromEnvironment({ POLYGON_API_KEY: secrets.polygon_api_key }),
        rateLimit: { requests: data.polygon.requests_per_minute, windowMilliseconds: minute },
        ...(data.polygon.rest_url ? { restUrl: data.polygon.rest_url } : {}),
        ...(data.polygon.stream_url ? { streamUrl: data.polygon.stream_url } : {}),
      });
    case 'yahoo':
      return new YahooDataClient({
        rateLimit: { requests: data.yahoo.requests_per_minute, windowMilliseconds: minute },
        ...(data.yahoo.base_url ? { baseUrl: data.yahoo.base_url } : {}),
      });
    case 'alpha-vantage':
      return new AlphaVantageDataClient({
        apiKey: alphaVantageApiKeyFromEnvironment({ ALPHA_VANTAGE_API_KEY: secrets.alpha_vantage_api_key }),
        rateLimits: [
          { requests: data.alpha_vantage.requests_per_minute, windowMilliseconds: minute },
          { requests: data.alpha_vantage.requests_per_day, windowMilliseconds: 24 * 60 * minute },
        ],
        ...(data.alpha_vantage.base_url ? { baseUrl: data.alpha_vantage.base_url } : {}),
      });
  }
}

/** Every configured provider, in the failover order of `data.providers`. */
export function dataClientsOf(config: AtsConfig, simulated: SimulatedMarket): DataClient[] {
  return config.data.providers.map((name) => dataClientOf(name, config, simulated));
}

/** The provider that feeds the collector's stream: the first in the chain that streams quotes. */
export function streamingClientOf(clients: readonly DataClient[]): DataClient {
  const streaming = clients.find((client) => client.capabilities.streams.quotes);
  if (!streaming)
    throw new AtsError(
      'CONFIG_INVALID',
      `data.providers (${clients.map((client) => client.name).join(', ')}) names no provider that streams quotes; add simulated, alpaca or polygon`,
    );
  return streaming;
}
