// The configured store's market data (market_ohlcv), opened for a command that reads bars (a backtest or
// a catalog import from the database) and closed by it.
import type { MarketDataRepository } from '@ats/core';
import { createRepositories, openDatabase } from '@ats/persistence';
import type { AtsConfig } from '../config/config-schema.js';
import { databaseOptionsOf } from '../wiring/config-mapping.js';

export async function openConfiguredMarketData(
  config: AtsConfig,
): Promise<{ marketData: MarketDataRepository; close(): Promise<void> }> {
  const database = await openDatabase(databaseOptionsOf(config));
  return { marketData: createRepositories(database).marketData, close: () => database.close() };
}
