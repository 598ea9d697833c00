// Builds strategies from their configured kind and parameters, naming any bad parameter.
import { InvalidInputError, type Ticker, toStrategyId } from '@ats/core';
import type { Strategy } from '@ats/engine';
import { libraryStrategies } from './library/library-registry.js';
import { SmaCrossStrategy } from './sma-cross-strategy.js';

export type StrategyFactory = (
  id: string,
  symbols: readonly Ticker[],
  parameters: Readonly<Record<string, number>>,
) => Strategy;

function wholeParameter(
  kind: string,
  parameters: Readonly<Record<string, number>>,
  name: string,
  fallback: number,
): number {
  const value = parameters[name] ?? fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidInputError(`${kind}.${name}`, `${value} must be a whole number of at least 1`, value);
  }
  return value;
}

function onlyKnown(
  kind: string,
  parameters: Readonly<Record<string, number>>,
  known: readonly string[],
): void {
  for (const name of Object.keys(parameters)) {
    if (!known.includes(name))
      throw new InvalidInputError(`${kind}.${name}`, `unknown parameter; known: ${known.join(', ')}`);
  }
}

export const strategyRegistry: Readonly<Record<string, StrategyFactory>> = {
  'sma-cross': (id, symbols, parameters) => {
    onlyKnown('sma-cross', parameters, ['fast', 'slow']);
    const fast = wholeParameter('sma-cross', parameters, 'fast', 10);
    const slow = wholeParameter('sma-cross', parameters, 'slow', 30);
    if (fast >= slow)
      throw new InvalidInputError('sma-cross.fast', `${fast} must be less than slow (${slow})`, fast);
    return new SmaCrossStrategy(toStrategyId(id), symbols, { fast, slow });
  },
  // The strategy library (docs/strategies.md): momentum, mean reversion, breakout, pairs.
  ...libraryStrategies,
};

/** The factory of a registered kind, or undefined: own properties only, so `constructor` is no kind. */
export function strategyFactoryOf(kind: string): StrategyFactory | undefined {
  return Object.hasOwn(strategyRegistry, kind) ? strategyRegistry[kind] : undefined;
}
