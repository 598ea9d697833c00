// Builds every repository of the core ports over one database.
import type { Repositories } from '@ats/core';
import type { Database } from './database.js';
import { SqlMarketDataRepository } from './repositories/market-data-repository.js';
import { SqlOrderRepository } from './repositories/order-repository.js';
import { SqlPortfolioRepository } from './repositories/portfolio-repository.js';
import { SqlProcessedEventRepository } from './repositories/processed-event-repository.js';
import { SqlSignalRepository } from './repositories/signal-repository.js';
import { SqlStrategyRepository } from './repositories/strategy-repository.js';
import { SqlTradeRepository } from './repositories/trade-repository.js';

export function createRepositories(database: Database): Repositories {
  return {
    marketData: new SqlMarketDataRepository(database),
    orders: new SqlOrderRepository(database),
    trades: new SqlTradeRepository(database),
    portfolio: new SqlPortfolioRepository(database),
    signals: new SqlSignalRepository(database),
    strategies: new SqlStrategyRepository(database),
    processedEvents: new SqlProcessedEventRepository(database),
  };
}
