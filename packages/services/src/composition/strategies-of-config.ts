// Strategies from configuration: their records, built through the strategy registry, and warmed on
// stored bars so a restart keeps their indicators warm.
import { type Repositories, type StrategyRecord, type Ticker, toStrategyId } from '@ats/core';
import type { Strategy, StrategyRuntime } from '@ats/engine';
import { strategyRegistry } from '@ats/strategies';
import type { AtsConfig } from '../config/config-schema.js';

/** Builds strategies from their configuration through the strategy registry. */
export function buildStrategies(records: readonly StrategyRecord[]): Strategy[] {
  return records
    .filter((record) => record.enabled)
    .map((record) => {
      const factory = Object.hasOwn(strategyRegistry, record.kind)
        ? strategyRegistry[record.kind as keyof typeof strategyRegistry]
        : undefined;
      if (!factory)
        throw new Error(`config: strategies[${record.id}].kind = "${record.kind}": unknown strategy kind`);
      return factory(record.id, record.symbols, record.parameters as Record<string, number>);
    });
}

export function strategyRecordsOf(config: AtsConfig): StrategyRecord[] {
  return config.strategies.map((entry) => ({
    id: toStrategyId(entry.id),
    kind: entry.kind,
    parameters: entry.parameters,
    symbols: entry.symbols as Ticker[],
    enabled: entry.enabled,
  }));
}

/** Warms strategies on the last two hours of stored 1-minute bars (a restart keeps its indicators warm). */
export async function warmUpStrategies(
  runtime: StrategyRuntime,
  repositories: Repositories,
  symbols: readonly Ticker[],
  now: number,
): Promise<void> {
  for (const symbol of symbols) {
    const bars = await repositories.marketData.loadBars(
      symbol,
      '1m',
      now - 5 * 86_400_000,
      now + 5 * 86_400_000,
    );
    runtime.warmUp(bars.slice(-120));
  }
}
