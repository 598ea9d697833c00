// Builds the simulated market from configuration, resuming where the stored quotes left off.
import type { Repositories, Ticker } from '@ats/core';
import type { AtsConfig } from '../config/config-schema.js';
import { nyseMarketHours } from './nyse-market-hours.js';
import { SimulatedMarketClient } from './simulated-market-client.js';
import { SimulationClock } from './simulation-clock.js';

export interface SimulatedMarket {
  readonly clock: SimulationClock;
  readonly market: SimulatedMarketClient;
}

/** Whether the collector's stream is the simulated market: the first streaming provider configured. */
export function feedsFromSimulatedMarket(config: AtsConfig): boolean {
  const streaming = config.data.providers.find(
    (name) => name === 'simulated' || name === 'alpaca' || name === 'polygon',
  );
  return streaming === undefined || streaming === 'simulated';
}

/**
 * Market time starts just after the last stored quote (else at the latest session open), and each
 * symbol's price at its last stored quote, so a restart continues the same market instead of jumping
 * (a jump beyond the outlier threshold would be rejected by validation).
 */
export async function simulatedMarketOf(
  config: AtsConfig,
  repositories: Repositories,
): Promise<SimulatedMarket> {
  const interval = config.market.quote_interval_ms;
  const startingPrices = new Map<string, number>();
  let latest = 0;
  for (const entry of config.market.instruments) {
    const [quote] = await repositories.marketData.latestQuotes(entry.symbol as Ticker, 1);
    if (!quote) continue;
    startingPrices.set(entry.symbol, quote.last.toNumber());
    if (quote.time > latest) latest = quote.time;
  }
  const start = latest > 0 ? latest + interval : nyseMarketHours.latestOpen(Date.now());
  // A real provider stamps quotes with the wall clock: market time is then real time.
  const clock = feedsFromSimulatedMarket(config)
    ? new SimulationClock(config.market.speed, start)
    : new SimulationClock(1, Date.now());
  const market = new SimulatedMarketClient({
    instruments: config.market.instruments.map((entry) => ({
      symbol: entry.symbol as Ticker,
      initialPrice: entry.initial_price,
      dailyVolatility: entry.daily_volatility,
      tickSize: Number(entry.tick_size),
    })),
    clock,
    hours: nyseMarketHours,
    seed: config.market.seed,
    quoteIntervalMilliseconds: interval,
    startingPrices,
  });
  return { clock, market };
}
