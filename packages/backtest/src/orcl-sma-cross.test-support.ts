// For tests: the ORCL SMA(10/30) backtest they share (next-open fills, 10 bp commission, all in), built
// from the bundled 1995-2014 file; each test varies only what it is about.
import { readFileSync } from 'node:fs';
import { type Bar, Money, type Ticker, toStrategyId } from '@ats/core';
import { SmaCrossStrategy } from '@ats/strategies';
import type { BacktestAccount } from './backtest-account.js';
import type { BacktestConfig } from './backtest-runner.js';
import { parseYahooCsv } from './yahoo-csv.js';

export const orcl = 'ORCL' as Ticker;

/** The bundled ORCL daily bars, 1995-2014 (5,036). */
export function orclBars(): Bar[] {
  const text = readFileSync(new URL('../fixtures/orcl-1995-2014.txt', import.meta.url), 'utf8');
  return parseYahooCsv(text, { symbol: orcl });
}

export function orclSmaCrossConfig(
  options: { bars?: readonly Bar[]; account?: BacktestAccount; positionFraction?: number } = {},
): BacktestConfig {
  return {
    bars: new Map([[orcl, [...(options.bars ?? orclBars())]]]),
    strategies: () => [new SmaCrossStrategy(toStrategyId('sma-cross'), [orcl], { fast: 10, slow: 30 })],
    startingCash: Money.of('100000'),
    rules: {
      marketFill: 'next-open',
      slippage: { kind: 'none' },
      commission: { kind: 'basis-points', basisPoints: 10 },
    },
    limits: { positionFraction: options.positionFraction ?? 1, maxPositionSize: 1 },
    ...(options.account ? { account: options.account } : {}),
  };
}
