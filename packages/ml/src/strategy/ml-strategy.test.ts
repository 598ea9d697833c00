// The ML strategy through the real strategy runtime: decisions up to a bar never change when later bars do, and signals carry the model.
import {
  type Bar,
  IdGenerator,
  type PlatformEvent,
  Price,
  SeededRandom,
  type SignalGenerated,
  TestClock,
  type Ticker,
  topics,
  toStrategyId,
} from '@ats/core';
import { InProcessMessageBus, StrategyRuntime } from '@ats/engine';
import { describe, expect, it } from 'vitest';
import type { FeatureBar } from '../features/feature-spec.js';
import { dailyFeatureSet, intradayFeatureSet } from '../features/feature-spec.js';
import { RandomForestTrainer } from '../models/random-forest.js';
import { orclDailyBars, spyMinuteBars } from '../testing/bundled-bars.js';
import { syntheticBars } from '../testing/synthetic-bars.js';
import { MlStrategy, type MlStrategyOptions } from './ml-strategy.js';

const symbol = 'SYN' as Ticker;

function coreBar(bar: FeatureBar): Bar {
  const price = (value: number) => Price.of(value.toFixed(4));
  return {
    symbol,
    timeframe: '1d',
    time: bar.time,
    open: price(bar.open),
    high: price(bar.high),
    low: price(bar.low),
    close: price(bar.close),
    volume: bar.volume,
  };
}

const options: MlStrategyOptions = {
  features: dailyFeatureSet('UTC'),
  horizon: 5,
  trainer: new RandomForestTrainer({ trees: 15, maximumDepth: 5 }),
  trainRows: 150,
  minimumTrainRows: 100,
  retrainEvery: 20,
  enterAbove: 0.5,
  exitBelow: 0.5,
  seed: 3,
};

function run(
  bars: readonly FeatureBar[],
  outcomes: { time: number; probability: number; label: number }[] = [],
  overrides: Partial<MlStrategyOptions> = {},
) {
  const bus = new InProcessMessageBus();
  const clock = new TestClock(0);
  const runtime = new StrategyRuntime({ bus, clock, ids: new IdGenerator(new SeededRandom(1)) });
  const strategy = new MlStrategy(toStrategyId('ml'), [symbol], {
    ...options,
    ...overrides,
    outcomes: { record: (outcome) => outcomes.push(outcome) },
  });
  runtime.add(strategy);
  runtime.start();
  const signals: SignalGenerated[] = [];
  bus.subscribe(topics.allSignals, (event: PlatformEvent) => {
    if (event.type !== 'SignalGenerated') return;
    signals.push(event);
    runtime.restorePosition('ml', symbol, event.direction === 'LONG' ? 100 : 0);
  });
  for (const bar of bars) {
    clock.advanceTo(bar.time);
    runtime.onBar(coreBar(bar));
  }
  return { signals, strategy };
}

describe('MlStrategy', () => {
  const bars = syntheticBars(420, 5);

  it('trains walk-forward and makes the same decisions up to bar t when every later bar is changed', () => {
    expectNoLookAhead(bars, 330);
  });

  it('on real ORCL daily bars (2003-2005): walk-forward training reads no bar after the decision', () => {
    expectNoLookAhead(orclDailyBars('2003-01-01', '2005-12-31'), 600);
  });

  it('on real SPY minute bars (three sessions of January 2011): the same, intraday', () => {
    const minutes = spyMinuteBars(3);
    expect(minutes.length).toBeGreaterThan(1000);
    expectNoLookAhead(minutes, 900, {
      features: intradayFeatureSet(),
      horizon: 15,
      trainRows: 500,
      minimumTrainRows: 300,
      retrainEvery: 60,
    });
  });

  function expectNoLookAhead(
    bars: readonly FeatureBar[],
    cut: number,
    overrides: Partial<MlStrategyOptions> = {},
  ) {
    const original = run(bars, [], overrides);
    expect(original.strategy.trainings).toBeGreaterThan(3);
    expect(original.signals.length).toBeGreaterThan(4);
    const perturbed = bars.map((bar, index) => {
      if (index <= cut) return bar;
      const factor = 1 + 0.3 * Math.sin(index * 1.7);
      return {
        ...bar,
        open: bar.open * factor,
        high: bar.high * factor * 1.02,
        low: bar.low * factor * 0.98,
        close: bar.close * factor,
        volume: bar.volume * 2,
      };
    });
    const changed = run(perturbed, [], overrides);
    const cutTime = (bars[cut] as FeatureBar).time;
    const upTo = (signals: SignalGenerated[]) =>
      signals
        .filter((signal) => signal.occurredAt <= cutTime)
        .map((signal) => [signal.direction, signal.strength, signal.referencePrice.toNumber()]);
    expect(upTo(changed.signals)).toEqual(upTo(original.signals));
    // The later bars did change later decisions, so the comparison above has teeth.
    expect(changed.signals.map((signal) => signal.strength)).not.toEqual(
      original.signals.map((signal) => signal.strength),
    );
  }

  it('carries the model and its probability on each signal, and reports outcomes horizon bars later', () => {
    const outcomes: { time: number; probability: number; label: number }[] = [];
    const { signals } = run(bars, outcomes);
    for (const signal of signals) {
      expect(signal.model?.name).toBe('ml');
      expect(signal.model?.version).toBeNull();
      expect(signal.model?.probability).toBe(signal.strength);
    }
    expect(outcomes.length).toBeGreaterThan(100);
    const first = outcomes[0] as { time: number; label: number };
    const index = bars.findIndex((bar) => bar.time === first.time);
    expect(first.label).toBe(
      (bars[index + 5] as FeatureBar).close > (bars[index] as FeatureBar).close ? 1 : 0,
    );
  });

  it('names bad options', () => {
    expect(() => new MlStrategy(toStrategyId('x'), [symbol], { ...options, horizon: 0 })).toThrow(
      /ml-strategy.horizon: 0/,
    );
    expect(
      () => new MlStrategy(toStrategyId('x'), [symbol], { ...options, trainer: undefined } as never),
    ).toThrow(/either a trainer/);
  });
});
