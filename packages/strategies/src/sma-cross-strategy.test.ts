// Tests of the SMA crossover through the real strategy runtime: signals exactly at the crosses.
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
} from '@ats/core';
import { InProcessMessageBus, StrategyRuntime } from '@ats/engine';
import { compareAverages, FixedPointSimpleMovingAverage, SimpleMovingAverage } from '@ats/indicators';
import { describe, expect, it } from 'vitest';
import { strategyRegistry } from './strategy-registry.js';

const symbol = 'ORCL' as Ticker;

function run(closes: number[], parameters: Record<string, number>) {
  const bus = new InProcessMessageBus();
  const runtime = new StrategyRuntime({
    bus,
    clock: new TestClock(0),
    ids: new IdGenerator(new SeededRandom(1)),
  });
  const factory = strategyRegistry['sma-cross'];
  runtime.add(factory?.('cross', [symbol], parameters) as never);
  runtime.start();
  const signals: SignalGenerated[] = [];
  bus.subscribe(topics.allSignals, (event: PlatformEvent) => {
    if (event.type === 'SignalGenerated') {
      signals.push(event);
      // Act as if filled at once, so the next signal sees the position.
      runtime.restorePosition('cross', symbol, event.direction === 'LONG' ? 100 : 0);
    }
  });
  closes.forEach((close, index) => {
    const price = Price.of(close);
    const bar: Bar = {
      symbol,
      timeframe: '1d',
      time: index,
      open: price,
      high: price,
      low: price,
      close: price,
      volume: 1,
    };
    runtime.onBar(bar);
  });
  return signals.map((signal) => [signal.direction, signal.referencePrice.toNumber()]);
}

describe('SmaCrossStrategy', () => {
  it('goes long on the cross above and flat on the cross below', () => {
    // fast 2 / slow 3. Bars 3..: fast-slow signs: [5,4,3]: 3.5<4 below; [4,3,6]: 4.5>4.33 above -> LONG at 6;
    // [3,6,7]: 6.5>5.33 above; [6,7,2]: 4.5<5 below -> FLAT at 2.
    expect(run([5, 4, 3, 6, 7, 2], { fast: 2, slow: 3 })).toEqual([
      ['LONG', 6],
      ['FLAT', 2],
    ]);
  });

  it('does not trade on the first ready bar', () => {
    expect(run([1, 2, 3, 4], { fast: 2, slow: 3 })).toEqual([]);
  });

  it('names a bad parameter', () => {
    const factory = strategyRegistry['sma-cross'];
    expect(() => factory?.('x', [symbol], { fast: 30, slow: 10 })).toThrow(
      /sma-cross.fast: 30 must be less than slow/,
    );
    expect(() => factory?.('x', [symbol], { fast: 0, slow: 10 })).toThrow(
      /sma-cross.fast: 0 must be a whole number/,
    );
    expect(() => factory?.('x', [symbol], { fats: 3 })).toThrow(/sma-cross.fats: unknown parameter/);
  });
});

describe('SmaCrossStrategy on exact ties (fast 2, slow 4)', () => {
  // Bars 4..: 1.0001 ×4 (tie, first ready), 0.9001 below, 1.2001 above (LONG), then 0.7001: the fast
  // sum 1.2001 + 0.7001 = 1.9002 and the slow sum 1.0001 + 0.9001 + 1.2001 + 0.7001 = 3.8004, so both
  // averages are exactly 0.9501. TA-Lib-order float sums leave fast 2.2e-16 below slow there, which the
  // float rule took as a cross down a bar early.
  const prefix = [1.0001, 1.0001, 1.0001, 1.0001, 0.9001, 1.2001, 0.7001];

  it('the float averages of the tie bar differ, the exact ones are equal', () => {
    const fast = new SimpleMovingAverage(2);
    const slow = new SimpleMovingAverage(4);
    const exactFast = new FixedPointSimpleMovingAverage(2);
    const exactSlow = new FixedPointSimpleMovingAverage(4);
    for (const close of prefix) {
      fast.update(close);
      slow.update(close);
      exactFast.update(Price.of(close).raw);
      exactSlow.update(Price.of(close).raw);
    }
    expect(fast.value).toBeLessThan(slow.value);
    expect(compareAverages(exactFast, exactSlow)).toBe(0);
    expect(exactFast.value).toBe(0.9501);
  });

  it('a tie produces no cross, and returning to the same side after it produces none either', () => {
    // 1.5001 after the tie: fast (0.7001 + 1.5001) / 2 = 1.1001 above slow (0.9001 + 1.2001 + 0.7001 + 1.5001) / 4 = 1.0751.
    expect(run([...prefix, 1.5001], { fast: 2, slow: 4 })).toEqual([['LONG', 1.2001]]);
  });

  it('a tie then the other side is one cross, on the bar that crosses', () => {
    // 0.8001 after the tie: fast 0.7501 below slow (0.9001 + 1.2001 + 0.7001 + 0.8001) / 4 = 0.9001.
    expect(run([...prefix, 0.8001], { fast: 2, slow: 4 })).toEqual([
      ['LONG', 1.2001],
      ['FLAT', 0.8001],
    ]);
  });
});
