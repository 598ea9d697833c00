// A universe backtest: 500 synthetic daily series, top-20 momentum, monthly rebalance.
import { runUniverseBacktest, syntheticUniverse } from '@ats/backtest';
import { Money, toStrategyId } from '@ats/core';
import { CrossSectionalMomentumStrategy } from '@ats/strategies';
import type { BenchmarkRow, BenchmarkSuite } from '../benchmark-row.js';
import { describeWallAndCpu } from './backtest.js';

export const backtestUniverseSuite: BenchmarkSuite = {
  name: 'backtest-universe',
  async run(): Promise<BenchmarkRow[]> {
    // Five years of weekdays; listings, delistings, splits and dividends as the generator makes them.
    const universe = syntheticUniverse({ symbols: 500, days: 1260, seed: 3 });
    const rates = { wall: [] as number[], cpu: [] as number[] };
    let summary = '';
    for (let run = 0; run < 4; run++) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const result = runUniverseBacktest({
        bars: universe.bars,
        corporateActions: universe.corporateActions,
        strategies: (members) => [
          new CrossSectionalMomentumStrategy(toStrategyId('momentum'), [...members.keys()], {
            lookback: 126,
            top: 20,
            exitTimes: new Map(
              [...members.values()].flatMap((member) =>
                member.exitTime === null ? [] : [[member.symbol, member.exitTime] as const],
              ),
            ),
          }),
        ],
        startingCash: Money.of('1000000'),
        rules: {
          marketFill: 'next-open',
          slippage: { kind: 'none' },
          commission: { kind: 'basis-points', basisPoints: 5 },
        },
        limits: { positionFraction: 0.05, maxPositionSize: 0.06 },
        account: { kind: 'margin' },
      });
      const elapsed = performance.now() - started;
      const used = process.cpuUsage(cpu);
      // The first run compiles the path; it is not counted.
      if (run > 0) {
        rates.wall.push((result.bars / elapsed) * 1000);
        rates.cpu.push((result.bars / Math.max(1, used.user + used.system)) * 1e6);
      }
      summary = `${result.bars} bars, ${result.members} symbols (${result.delisted} delisted), ${result.corporateActionsApplied} corporate actions, ${result.metrics.trades} round trips`;
    }
    return [
      {
        component: 'Universe backtest: 500 daily series, top-20 momentum, monthly rebalance',
        metric: `bars/s (${summary})`,
        target: '',
        measured: describeWallAndCpu(rates),
        ratio: Number.NaN,
      },
    ];
  },
};
