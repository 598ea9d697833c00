// Strategies from configuration: their records, built through the strategy resolver (registered
// kinds and plug-in files or packages), and warmed on stored bars so a restart keeps their
// indicators warm.
import { type Repositories, type StrategyRecord, type Ticker, toStrategyId } from '@ats/core';
import type { Strategy, StrategyRuntime } from '@ats/engine';
import { resolveStrategy, strategyFactoryOf } from '@ats/strategies';
import type { AtsConfig } from '../config/config-schema.js';
import { modelStrategyKind } from '../strategy-engine/model-strategy-parameters.js';

export interface BuildStrategiesOptions {
  /** Builds a `kind: ml-model` strategy (its model comes from the registry: only the Strategy Engine has one). */
  readonly modelStrategy?: (record: StrategyRecord) => Promise<Strategy>;
}

/**
 * Builds the configured strategies: `kind` is a registered kind, a strategy file (relative paths
 * from the working directory) or an installed package. Disabled ones are built too, so a feature
 * flag can enable them at run time.
 */
export async function buildStrategies(
  records: readonly StrategyRecord[],
  options: BuildStrategiesOptions = {},
): Promise<Strategy[]> {
  const strategies: Strategy[] = [];
  for (const record of records) {
    if (record.kind === modelStrategyKind) {
      if (!options.modelStrategy)
        throw new Error(
          `strategy ${record.id}: ${modelStrategyKind} strategies run only in the Strategy Engine`,
        );
      strategies.push(await options.modelStrategy(record));
      continue;
    }
    const factory = await resolveStrategy(record.kind, { field: `config: strategies[${record.id}].kind` });
    strategies.push(factory(record.id, record.symbols, record.parameters as Record<string, number>));
  }
  return strategies;
}

export function strategyRecordsOf(config: AtsConfig): StrategyRecord[] {
  return config.strategies.map((entry) => ({
    id: toStrategyId(entry.id),
    kind: entry.kind,
    // A registry model's strategy shows which model it runs (the version when one is pinned).
    parameters: entry.model
      ? { ...entry.parameters, model: entry.model.name, modelVersion: entry.model.version ?? 'production' }
      : entry.parameters,
    symbols: entry.symbols as Ticker[],
    enabled: entry.enabled,
  }));
}

/** Configured plug-ins (a kind that is no registered kind), by strategy id: the backtesting API runs them by id. */
export function pluginStrategiesOf(config: AtsConfig): ReadonlyMap<string, string> {
  return new Map(
    config.strategies
      .filter((entry) => entry.kind !== modelStrategyKind && strategyFactoryOf(entry.kind) === undefined)
      .map((entry) => [entry.id, entry.kind] as const),
  );
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
