// Signal fusion: each conflict rule on opposite signals, confidence merging, time decay, quality
// and inverse-variance weighting from realized calls, and a fused signal that names its sources.
import {
  type Bar,
  IdGenerator,
  Price,
  SeededRandom,
  type SignalDirection,
  type SignalGenerated,
  type StrategyId,
  TestClock,
  type Ticker,
  topics,
} from '@ats/core';
import { describe, expect, it } from 'vitest';
import { InProcessMessageBus } from '../bus/in-process-message-bus.js';
import { Strategy } from '../strategy/strategy.js';
import type { StrategyContext } from '../strategy/strategy-context.js';
import { StrategyRuntime } from '../strategy/strategy-runtime.js';
import { FusedStrategy } from './fused-strategy.js';
import { type FusionConflictRule, SignalFusion } from './signal-fusion.js';
import type { SourceQuality } from './source-quality.js';

const hour = 3_600_000;

function fusionOf(conflict: FusionConflictRule, weights?: Record<string, number>) {
  return new SignalFusion({
    sources: ['bull', 'bear'],
    weighting: 'static',
    conflict,
    halfLifeMilliseconds: hour,
    threshold: 0.1,
    ...(weights ? { weights } : {}),
  });
}

describe('SignalFusion', () => {
  it('resolves opposite signals by the configured rule', () => {
    const decide = (conflict: FusionConflictRule, weights?: Record<string, number>) => {
      const fusion = fusionOf(conflict, weights);
      fusion.observe('bull', 'X', 'LONG', 0.9, 0, 100);
      fusion.observe('bear', 'X', 'SHORT', 0.6, 0, 100);
      const decision = fusion.fuse('X', 0);
      return [decision.direction, Number(decision.strength.toFixed(4)), decision.conflict];
    };
    // net: 0.5 × 0.9 − 0.5 × 0.6 = 0.15 > 0.1: long at 0.15.
    expect(decide('net')).toEqual(['LONG', 0.15, true]);
    // strongest: the bull's 0.5 × 0.9 beats the bear's 0.5 × 0.6: long at the bull's 0.9.
    expect(decide('strongest')).toEqual(['LONG', 0.9, true]);
    // flat: disagreement stands aside.
    expect(decide('flat')).toEqual(['FLAT', 0, true]);
    // net with the bear weighted 3: 0.25 × 0.9 − 0.75 × 0.6 = −0.225: short.
    expect(decide('net', { bear: 3 })).toEqual(['SHORT', 0.225, true]);
    // net under the threshold: 0.5 × 0.7 − 0.5 × 0.6 = 0.05: flat.
    const close = fusionOf('net');
    close.observe('bull', 'X', 'LONG', 0.7, 0, 100);
    close.observe('bear', 'X', 'SHORT', 0.6, 0, 100);
    expect(close.fuse('X', 0).direction).toBe('FLAT');
  });

  it('merges agreeing confidences as their weighted mean and names every source with its weight', () => {
    const fusion = fusionOf('net', { bull: 1, bear: 3 });
    fusion.observe('bull', 'X', 'LONG', 0.4, 0, 100);
    fusion.observe('bear', 'X', 'LONG', 0.8, 0, 100);
    const decision = fusion.fuse('X', 0);
    expect(decision.direction).toBe('LONG');
    expect(decision.strength).toBeCloseTo(0.25 * 0.4 + 0.75 * 0.8, 12);
    expect(decision.sources).toEqual([
      { strategyId: 'bull', direction: 'LONG', strength: 0.4, weight: 0.25 },
      { strategyId: 'bear', direction: 'LONG', strength: 0.8, weight: 0.75 },
    ]);
  });

  it('halves a signal’s strength every half life', () => {
    const fusion = fusionOf('net');
    fusion.observe('bull', 'X', 'LONG', 0.8, 0, 100);
    expect(fusion.fuse('X', 0).strength).toBeCloseTo(0.8, 12);
    expect(fusion.fuse('X', hour).strength).toBeCloseTo(0.4, 12);
    expect(fusion.fuse('X', 2 * hour).strength).toBeCloseTo(0.2, 12);
    // An old long and a fresh short of the same strength: the fresh one wins.
    fusion.observe('bear', 'X', 'SHORT', 0.8, 3 * hour, 100);
    expect(fusion.fuse('X', 3 * hour).direction).toBe('SHORT');
  });

  it('weights by realized quality: the source whose calls made money outweighs the one that lost', () => {
    const fusion = new SignalFusion({
      sources: ['good', 'bad'],
      weighting: 'quality',
      conflict: 'net',
      halfLifeMilliseconds: 1_000 * hour,
      threshold: 0,
    });
    // Prices rise 100 -> 110 -> 100 -> 110 ...: good is long on the rises, bad short on them.
    for (let index = 0; index < 20; index++) {
      const price = index % 2 === 0 ? 100 : 110;
      const rising = index % 2 === 0;
      fusion.observe('good', 'X', rising ? 'LONG' : 'SHORT', 1, index, price);
      fusion.observe('bad', 'X', rising ? 'SHORT' : 'LONG', 1, index, price);
    }
    const good = fusion.qualityOf('good') as SourceQuality;
    const bad = fusion.qualityOf('bad') as SourceQuality;
    expect(good.hitRate).toBe(1);
    expect(bad.hitRate).toBe(0);
    expect(good.score()).toBeGreaterThan(0.8);
    expect(bad.score()).toBeLessThan(0.2);
    // Now they disagree with equal confidence: the fused signal follows the good source.
    fusion.observe('good', 'X', 'LONG', 1, 21, 100);
    fusion.observe('bad', 'X', 'SHORT', 1, 21, 100);
    expect(fusion.fuse('X', 21).direction).toBe('LONG');
  });

  it('weights by inverse variance of the realized calls', () => {
    const fusion = new SignalFusion({
      sources: ['steady', 'wild'],
      weighting: 'inverse-variance',
      conflict: 'net',
      halfLifeMilliseconds: 1_000 * hour,
      threshold: 0,
    });
    const steady = [100, 102, 99, 103, 98, 101];
    const wild = [100, 130, 80, 120, 70, 110];
    for (let index = 0; index < steady.length; index++) {
      const direction = index % 2 === 0 ? 'LONG' : 'SHORT';
      fusion.observe('steady', 'S', direction, 1, index, steady[index] as number);
      fusion.observe('wild', 'W', direction, 1, index, wild[index] as number);
    }
    fusion.observe('steady', 'X', 'SHORT', 1, 10, 50);
    fusion.observe('wild', 'X', 'LONG', 1, 10, 50);
    const decision = fusion.fuse('X', 10);
    const weights = Object.fromEntries(decision.sources.map((source) => [source.strategyId, source.weight]));
    const variance = (q: SourceQuality | undefined) => q?.variance as number;
    expect(weights.steady).toBeCloseTo(
      1 /
        variance(fusion.qualityOf('steady')) /
        (1 / variance(fusion.qualityOf('steady')) + 1 / variance(fusion.qualityOf('wild'))),
      12,
    );
    expect(decision.direction).toBe('SHORT');
  });

  it('refuses an unknown source, a weight for one, and a bad half life', () => {
    expect(() => fusionOf('net').observe('nobody', 'X', 'LONG', 1, 0, 1)).toThrow(/unknown source 'nobody'/);
    expect(() => fusionOf('net', { ghost: 1 })).toThrow(/weight for unknown source 'ghost'/);
    expect(
      () =>
        new SignalFusion({
          sources: ['a'],
          weighting: 'static',
          conflict: 'net',
          halfLifeMilliseconds: 0,
          threshold: 0,
        }),
    ).toThrow(/half life 0 must be positive/);
  });
});

class Constant extends Strategy {
  constructor(
    id: string,
    symbols: readonly Ticker[],
    private readonly direction: SignalDirection,
    private readonly strength: number,
  ) {
    super(id as StrategyId, symbols);
  }
  override onBar(bar: Bar, context: StrategyContext): void {
    context.signal(bar.symbol, this.direction, { strength: this.strength });
  }
}

describe('FusedStrategy', () => {
  it('emits one fused signal under its own id that states its sources', () => {
    const bus = new InProcessMessageBus();
    const runtime = new StrategyRuntime({
      bus,
      clock: new TestClock(0),
      ids: new IdGenerator(new SeededRandom(1)),
    });
    const symbol = 'ORCL' as Ticker;
    runtime.add(
      new FusedStrategy(
        'fused' as StrategyId,
        [new Constant('bull', [symbol], 'LONG', 0.9), new Constant('bear', [symbol], 'SHORT', 0.6)],
        { weighting: 'static', conflict: 'strongest', halfLifeMilliseconds: hour, threshold: 0.1 },
      ),
    );
    runtime.start();
    const signals: SignalGenerated[] = [];
    bus.subscribe(topics.allSignals, (event) => {
      if (event.type === 'SignalGenerated') signals.push(event);
    });
    const price = Price.of('10');
    for (let time = 0; time < 3; time++)
      runtime.onBar({
        symbol,
        timeframe: '1d',
        time,
        open: price,
        high: price,
        low: price,
        close: price,
        volume: 1,
      });
    // Signalled once (not again on every bar while the order is on its way).
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ strategyId: 'fused', direction: 'LONG', strength: 0.9 });
    expect(signals[0]?.sources).toEqual([
      { strategyId: 'bull', direction: 'LONG', strength: 0.9, weight: 0.5 },
      { strategyId: 'bear', direction: 'SHORT', strength: 0.6, weight: 0.5 },
    ]);
  });
});
