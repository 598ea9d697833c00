// The work of `ats strategies`: REST calls to the Strategy Engine and their printing.
import { InvalidInputError } from '@ats/core';
import { apiCall } from './api-client.js';

interface ListedStrategy {
  id: string;
  kind: string;
  symbols: string[];
  enabled: boolean;
  realizedPnl?: string;
  unrealizedPnl?: string;
}

export async function listStrategies(base: string): Promise<void> {
  const strategies = (await apiCall(base, '/strategies')) as ListedStrategy[];
  for (const strategy of strategies)
    console.log(
      `${strategy.id.padEnd(24)} ${(strategy.enabled ? 'enabled' : 'disabled').padEnd(9)} ${strategy.kind.padEnd(24)} ${strategy.symbols.join(',')}${strategy.realizedPnl !== undefined ? `  realized ${strategy.realizedPnl} unrealized ${strategy.unrealizedPnl}` : ''}`,
    );
}

export async function setStrategyEnabled(
  base: string,
  id: string,
  enabled: boolean,
  reason?: string,
): Promise<void> {
  if (!/^[A-Za-z0-9._-]{1,50}$/.test(id))
    throw new InvalidInputError(
      'id',
      `'${id}' is not a strategy id (letters, digits, . _ -; at most 50)`,
      id,
    );
  const flag = (await apiCall(base, `/strategies/${encodeURIComponent(id)}/enabled`, 'PUT', {
    enabled,
    ...(reason ? { reason } : {}),
  })) as { strategyId: string; enabled: boolean; changedBy: string };
  console.log(`${flag.strategyId} ${flag.enabled ? 'enabled' : 'disabled'} by ${flag.changedBy}`);
}

export async function showPerformance(base: string): Promise<void> {
  const rows = (await apiCall(base, '/strategies/performance')) as {
    strategyId: string;
    totalPnl: string;
    sharpe: number;
    maxDrawdown: number;
    hitRate: number | null;
    turnover: number;
  }[];
  console.log('strategy                 total PnL     Sharpe  max drawdown  hit rate  turnover');
  for (const row of rows)
    console.log(
      `${row.strategyId.padEnd(24)} ${row.totalPnl.padStart(12)} ${row.sharpe.toFixed(2).padStart(8)} ${row.maxDrawdown.toFixed(2).padStart(13)} ${(row.hitRate === null ? '-' : `${(row.hitRate * 100).toFixed(1)}%`).padStart(9)} ${row.turnover.toFixed(3).padStart(9)}`,
    );
}
