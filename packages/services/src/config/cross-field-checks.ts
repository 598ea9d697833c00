// Checks that span several configuration keys: positive cash, unique ids and symbols, strategies on configured instruments.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Ticker } from '@ats/core';
import { packageEntry, referenceKind, strategyFactoryOf, strategyRegistry } from '@ats/strategies';
import {
  modelStrategyKind,
  modelStrategyParameterProblem,
} from '../strategy-engine/model-strategy-parameters.js';
import type { AtsConfig } from './config-schema.js';

/** One line per problem, in the same shape as the schema's: key, value, what is wrong. */
export function crossFieldIssues(config: AtsConfig): string[] {
  const issues: string[] = [];
  const line = (key: string, value: unknown, problem: string) =>
    issues.push(`config: ${key} = ${JSON.stringify(value)}: ${problem}`);

  if (!/[1-9]/.test(config.account.starting_cash) || config.account.starting_cash.startsWith('-'))
    line('account.starting_cash', config.account.starting_cash, 'must be greater than zero');

  const symbols = new Set<string>();
  config.market.instruments.forEach((instrument, index) => {
    if (symbols.has(instrument.symbol))
      line(
        `market.instruments.${index}.symbol`,
        instrument.symbol,
        'is configured twice; symbols must be unique',
      );
    symbols.add(instrument.symbol);
  });

  const ids = new Set<string>();
  config.strategies.forEach((strategy, index) => {
    const key = `strategies.${index}`;
    if (ids.has(strategy.id)) line(`${key}.id`, strategy.id, 'is used twice; strategy ids must be unique');
    ids.add(strategy.id);
    for (const symbol of strategy.symbols)
      if (!symbols.has(symbol))
        line(`${key}.symbols`, symbol, `is not a configured instrument (${[...symbols].join(', ')})`);
    if (strategy.kind === modelStrategyKind) {
      // The model itself is read from the registry when the Strategy Engine starts.
      if (!strategy.model) line(`${key}.model`, undefined, `is required for kind ${modelStrategyKind}`);
      else {
        const problem = modelStrategyParameterProblem(strategy.parameters);
        if (problem) line(`${key}.parameters`, strategy.parameters, problem);
      }
      return;
    }
    if (strategy.model)
      line(
        `${key}.model`,
        strategy.model.name,
        `is only for kind ${modelStrategyKind}, not ${strategy.kind}`,
      );
    // Own properties only: 'constructor' is not a strategy kind.
    const reference = referenceKind(strategy.kind, (name) => strategyFactoryOf(name) !== undefined);
    if (reference === 'file') {
      // A plug-in file is compiled and checked when the Strategy Engine starts; here only that it is there.
      if (!existsSync(resolve(strategy.kind)))
        line(`${key}.kind`, strategy.kind, `no strategy file ${resolve(strategy.kind)}`);
      return;
    }
    if (reference === 'package' && packageEntry(strategy.kind, process.cwd()) !== null) return;
    if (reference !== 'registered') {
      line(
        `${key}.kind`,
        strategy.kind,
        `is not one of ${Object.keys(strategyRegistry).join(', ')}, a strategy file or an installed package`,
      );
      return;
    }
    // The factory checks the parameters (fast < slow...) now, so a bad one stops the start at once.
    try {
      strategyRegistry[strategy.kind]?.(strategy.id, strategy.symbols as Ticker[], strategy.parameters);
    } catch (error) {
      line(`${key}.parameters`, strategy.parameters, (error as Error).message);
    }
  });

  const grouped = new Set<string>();
  config.signal_fusion.forEach((group, index) => {
    const key = `signal_fusion.${index}`;
    if (ids.has(group.id)) line(`${key}.id`, group.id, 'is already a strategy or fusion group id');
    ids.add(group.id);
    for (const source of group.sources) {
      if (!config.strategies.some((strategy) => strategy.id === source))
        line(`${key}.sources`, source, 'is not a configured strategy id');
      else if (grouped.has(source)) line(`${key}.sources`, source, 'is a source of two fusion groups');
      grouped.add(source);
    }
    for (const source of Object.keys(group.weights))
      if (!group.sources.includes(source))
        line(
          `${key}.weights.${source}`,
          group.weights[source],
          'weights a strategy that is not a source of this group',
        );
  });
  return issues;
}
