// The configured store's market data for `ats backtest --data database` and `ats data import --from-database`:
// loaded only by them, since it brings the services package and the database drivers.
import type { MarketDataRepository } from '@ats/core';
import { loadConfig, openConfiguredMarketData } from '@ats/services';
import { exitOnConfigError } from './process-signals.js';

export async function openMarketDataStore(
  env?: string,
): Promise<{ marketData: MarketDataRepository; close(): Promise<void> }> {
  const config = exitOnConfigError(() => loadConfig(env ? { environment: env } : {}));
  return openConfiguredMarketData(config);
}
