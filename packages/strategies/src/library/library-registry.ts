// Factories of the library strategies, by kind, each checking its parameters.

import type { Ticker } from '@ats/core';
import { InvalidInputError, toStrategyId } from '@ats/core';
import type { Strategy } from '@ats/engine';
import { DonchianBreakoutStrategy } from './donchian-breakout-strategy.js';
import { ParameterReader } from './library-parameters.js';
import { MeanReversionStrategy } from './mean-reversion-strategy.js';
import { PairsTradingStrategy } from './pairs-trading-strategy.js';
import { TimeSeriesMomentumStrategy } from './time-series-momentum-strategy.js';

type Factory = (
  id: string,
  symbols: readonly Ticker[],
  parameters: Readonly<Record<string, number>>,
) => Strategy;

export const libraryStrategies: Readonly<Record<string, Factory>> = {
  'time-series-momentum': (id, symbols, parameters) => {
    const read = new ParameterReader('time-series-momentum', parameters, [
      'lookback',
      'threshold',
      'allowShort',
    ]);
    return new TimeSeriesMomentumStrategy(toStrategyId(id), symbols, {
      lookback: read.whole('lookback', 126, 2),
      threshold: read.number('threshold', 0, 0, 10),
      allowShort: read.flag('allowShort', 0),
    });
  },
  'mean-reversion': (id, symbols, parameters) => {
    const read = new ParameterReader('mean-reversion', parameters, [
      'period',
      'deviations',
      'rsiPeriod',
      'oversold',
      'exitRsi',
    ]);
    return new MeanReversionStrategy(toStrategyId(id), symbols, {
      period: read.whole('period', 20, 2),
      deviations: read.number('deviations', 2, 0.1, 10),
      rsiPeriod: read.whole('rsiPeriod', 14, 2),
      oversold: read.number('oversold', 30, 0, 100),
      exitRsi: read.number('exitRsi', 50, 0, 100),
    });
  },
  'donchian-breakout': (id, symbols, parameters) => {
    const read = new ParameterReader('donchian-breakout', parameters, [
      'entry',
      'exit',
      'atrPeriod',
      'stopAtr',
    ]);
    return new DonchianBreakoutStrategy(toStrategyId(id), symbols, {
      entry: read.whole('entry', 20, 2),
      exit: read.whole('exit', 10, 2),
      atrPeriod: read.whole('atrPeriod', 14, 1),
      stopAtr: read.number('stopAtr', 3, 0.1, 50),
    });
  },
  'pairs-trading': (id, symbols, parameters) => {
    const read = new ParameterReader('pairs-trading', parameters, [
      'window',
      'entryZ',
      'exitZ',
      'significance',
    ]);
    if (symbols.length !== 2 && symbols.length !== 0)
      throw new InvalidInputError(
        'pairs-trading.symbols',
        `needs exactly two symbols (y, x), got ${symbols.length}`,
      );
    const significance = read.number('significance', 0.05, 0.01, 0.1);
    if (significance !== 0.01 && significance !== 0.05 && significance !== 0.1)
      throw new InvalidInputError(
        'pairs-trading.significance',
        `${significance} must be 0.01, 0.05 or 0.1`,
        significance,
      );
    const entryZ = read.number('entryZ', 2, 0.1, 10);
    const exitZ = read.number('exitZ', 0.5, 0, 10);
    if (exitZ >= entryZ)
      throw new InvalidInputError(
        'pairs-trading.exitZ',
        `${exitZ} must be less than entryZ (${entryZ})`,
        exitZ,
      );
    const settings = { window: read.whole('window', 60, 20, 5_000), entryZ, exitZ, significance } as const;
    // (No symbols: the backtesting API checking parameters before it knows them.)
    return new PairsTradingStrategy(toStrategyId(id), symbols, settings);
  },
};
