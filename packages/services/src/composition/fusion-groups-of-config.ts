// Signal fusion from configuration: each `signal_fusion` group hosts its source strategies inside a
// FusedStrategy that trades under the group's id; the sources no longer trade alone.
import { type StrategyRecord, type Ticker, toStrategyId } from '@ats/core';
import { FusedStrategy, type Strategy } from '@ats/engine';
import type { AtsConfig } from '../config/config-schema.js';

export interface ComposedStrategies {
  /** What the runtime runs: ungrouped strategies and one FusedStrategy per group. */
  readonly strategies: readonly { readonly strategy: Strategy; readonly enabled: boolean }[];
  /** Records of the fusion groups (kind 'fusion'), stored and listed beside the strategies'. */
  readonly groupRecords: readonly StrategyRecord[];
}

export function composeFusionGroups(
  config: AtsConfig,
  records: readonly StrategyRecord[],
  strategies: readonly Strategy[],
): ComposedStrategies {
  const byId = new Map(strategies.map((strategy) => [strategy.id as string, strategy]));
  const grouped = new Set(config.signal_fusion.flatMap((group) => group.sources));
  const composed: { strategy: Strategy; enabled: boolean }[] = records
    .filter((record) => !grouped.has(record.id))
    .map((record) => ({ strategy: byId.get(record.id) as Strategy, enabled: record.enabled }));
  const groupRecords: StrategyRecord[] = [];
  for (const group of config.signal_fusion) {
    const sources = group.sources.map((id) => byId.get(id) as Strategy);
    const fused = new FusedStrategy(toStrategyId(group.id), sources, {
      weighting: group.weighting,
      conflict: group.conflict,
      weights: group.weights,
      halfLifeMilliseconds: group.half_life_minutes * 60_000,
      threshold: group.threshold,
    });
    composed.push({ strategy: fused, enabled: group.enabled });
    groupRecords.push({
      id: toStrategyId(group.id),
      kind: 'fusion',
      parameters: { threshold: group.threshold, half_life_minutes: group.half_life_minutes },
      symbols: fused.symbols as Ticker[],
      enabled: group.enabled,
    });
  }
  return { strategies: composed, groupRecords };
}
