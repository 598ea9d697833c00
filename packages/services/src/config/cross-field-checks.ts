// Checks that span several configuration keys: positive cash, unique ids and symbols, strategies on configured instruments.
import type { Ticker } from '@ats/core';
import { strategyRegistry } from '@ats/strategies';
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
    // Own properties only: 'constructor' is not a strategy kind.
    if (!Object.hasOwn(strategyRegistry, strategy.kind)) {
      line(`${key}.kind`, strategy.kind, `is not one of ${Object.keys(strategyRegistry).join(', ')}`);
      return;
    }
    // The factory checks the parameters (fast < slow...) now, so a bad one stops the start at once.
    try {
      strategyRegistry[strategy.kind]?.(strategy.id, strategy.symbols as Ticker[], strategy.parameters);
    } catch (error) {
      line(`${key}.parameters`, strategy.parameters, (error as Error).message);
    }
  });
  return issues;
}
