// Two strategies with opposite signals on one symbol, fused by the configured rule, trading beside
// a third strategy on the same symbol in one account: each rule's outcome, and the per-strategy
// total PnLs summing exactly to the account's.

import { readFileSync } from 'node:fs';
import { Money, type StrategyId, type Ticker, toStrategyId } from '@ats/core';
import {
  type FusedDecision,
  FusedStrategy,
  type FusionConflictRule,
  Strategy,
  type StrategyContext,
} from '@ats/engine';
import { SimpleMovingAverage } from '@ats/indicators';
import { SmaCrossStrategy } from '@ats/strategies';
import { describe, expect, it } from 'vitest';
import { runBacktest } from './backtest-runner.js';
import { parseYahooCsv } from './yahoo-csv.js';

const orcl = 'ORCL' as Ticker;
const text = readFileSync(new URL('../fixtures/orcl-1995-2014.txt', import.meta.url), 'utf8');
const bars = new Map([[orcl, parseYahooCsv(text, { symbol: orcl, from: '2003-01-01', to: '2006-12-31' })]]);

/** Long above its 20-bar average, short below; `contrarian` says the opposite. Emits every bar. */
class AboveAverage extends Strategy {
  private average!: SimpleMovingAverage;
  constructor(
    id: string,
    private readonly contrarian: boolean,
    private readonly strength: number,
  ) {
    super(id as StrategyId, [orcl]);
  }
  override onStart(context: StrategyContext): void {
    this.average = context.registerIndicator(orcl, new SimpleMovingAverage(20));
  }
  override onBar(bar: Parameters<Strategy['onBar']>[0], context: StrategyContext): void {
    if (!this.average.ready) return;
    const above = bar.close.toNumber() > this.average.value;
    context.signal(orcl, above !== this.contrarian ? 'LONG' : 'SHORT', { strength: this.strength });
  }
}

function run(conflict: FusionConflictRule) {
  const decisions: FusedDecision[] = [];
  let fused: FusedStrategy | undefined;
  const result = runBacktest({
    bars,
    strategies: () => {
      fused = new FusedStrategy(
        toStrategyId('fused'),
        [new AboveAverage('trend', false, 0.8), new AboveAverage('contrarian', true, 0.5)],
        { weighting: 'static', conflict, halfLifeMilliseconds: 5 * 86_400_000, threshold: 0.1 },
      );
      const inner = fused;
      const record = inner.onBar.bind(inner);
      inner.onBar = (bar, context) => {
        record(bar, context);
        const decision = inner.decisions.get(orcl);
        if (decision && decision.sources.length > 0) decisions.push(decision);
      };
      return [inner, new SmaCrossStrategy(toStrategyId('solo'), [orcl], { fast: 10, slow: 30 })];
    },
    startingCash: Money.of('100000'),
    rules: {
      marketFill: 'next-open',
      slippage: { kind: 'none' },
      commission: { kind: 'basis-points', basisPoints: 10 },
    },
    limits: { positionFraction: 0.4, maxPositionSize: 1, allowShort: true },
    account: { kind: 'margin' },
  });
  return { result, decisions, fused };
}

function pnlSum(result: ReturnType<typeof run>['result']): Money {
  return result.strategies.reduce((sum, strategy) => sum.add(Money.of(strategy.totalPnl)), Money.zero);
}

describe('fusion of opposite signals in a backtest', () => {
  it('strongest: follows the trend source, which outweighs the contrarian; every decision was a conflict', () => {
    const { result, decisions } = run('strongest');
    expect(decisions.length).toBeGreaterThan(900);
    expect(decisions.every((decision) => decision.conflict)).toBe(true);
    expect(new Set(decisions.map((decision) => decision.strength))).toEqual(new Set([0.8]));
    expect(decisions.some((decision) => decision.direction === 'LONG')).toBe(true);
    expect(decisions.some((decision) => decision.direction === 'SHORT')).toBe(true);
    const fused = result.strategies.find((strategy) => strategy.strategyId === 'fused');
    expect(fused?.closingFills).toBeGreaterThan(10);
  });

  it('net: the weighted sum 0.5 × 0.8 − 0.5 × 0.5 = 0.15 passes the 0.1 threshold, the trend’s way', () => {
    const { decisions } = run('net');
    const directions = new Set(decisions.map((decision) => decision.direction));
    expect(directions).toEqual(new Set(['LONG', 'SHORT']));
    for (const decision of decisions) expect(decision.strength).toBeCloseTo(0.15, 12);
  });

  it('flat: disagreement stands aside, so the fused strategy never trades; the other strategy does', () => {
    const { result, decisions } = run('flat');
    expect(new Set(decisions.map((decision) => decision.direction))).toEqual(new Set(['FLAT']));
    expect(result.strategies.map((strategy) => strategy.strategyId)).toEqual(['solo']);
  });

  it.each(['strongest', 'net', 'flat'] as const)(
    '%s: the strategies’ total PnLs sum to the account’s equity change to 1/10,000',
    (rule) => {
      const { result } = run(rule);
      expect(pnlSum(result).toString()).toBe(
        Money.of(result.finalEquity).subtract(Money.of('100000')).toString(),
      );
    },
  );
});
