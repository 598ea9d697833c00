// The runtime's hooks for several engine instances: signal ids from their cause (two runtimes fed the
// same bar events name their signals alike) and `admit`, which withholds a signal from the bus.
import {
  type Bar,
  type EventId,
  IdGenerator,
  Price,
  SeededRandom,
  type SignalGenerated,
  type SignalId,
  type StrategyId,
  TestClock,
  type Ticker,
  topics,
} from '@ats/core';
import { describe, expect, it } from 'vitest';
import { InProcessMessageBus } from '../bus/in-process-message-bus.js';
import { Strategy } from './strategy.js';
import type { StrategyContext } from './strategy-context.js';
import { StrategyRuntime } from './strategy-runtime.js';

/** Two signals on every bar: LONG then FLAT, so a cause carries a sequence of two. */
class EveryBar extends Strategy {
  constructor(symbols: Ticker[]) {
    super('every-bar' as StrategyId, symbols);
  }
  override onBar(bar: Bar, context: StrategyContext): void {
    context.signal(bar.symbol, 'LONG');
    context.signal(bar.symbol, 'FLAT');
  }
}

const idsOf = (strategyId: string, symbol: string, cause: string, sequence: number) => ({
  eventId: `${strategyId}/${symbol}/${cause}/${sequence}` as EventId,
  signalId: `signal:${strategyId}/${symbol}/${cause}/${sequence}` as SignalId,
});

function barOf(symbol: string, index: number): Bar {
  const price = Price.of((100 + index).toFixed(2));
  return {
    symbol: symbol as Ticker,
    timeframe: '1m',
    time: Date.UTC(2026, 0, 5, 14, 30) + index * 60_000,
    open: price,
    high: price,
    low: price,
    close: price,
    volume: 100,
  };
}

function runtimeOf(seed: number, admit?: (signal: SignalGenerated) => boolean) {
  const bus = new InProcessMessageBus();
  const published: SignalGenerated[] = [];
  bus.subscribe(topics.allSignals, (event) => void published.push(event as SignalGenerated));
  const runtime = new StrategyRuntime({
    bus,
    clock: new TestClock(0),
    ids: new IdGenerator(new SeededRandom(seed)),
    signalIdsOf: idsOf,
    ...(admit ? { admit } : {}),
  });
  runtime.add(new EveryBar(['AAPL', 'MSFT'] as Ticker[]));
  return { runtime, published };
}

describe('partitioned signals', () => {
  it('names the signals of the same cause alike in two runtimes, numbering those of one cause', () => {
    const first = runtimeOf(1);
    const second = runtimeOf(2);
    for (const { runtime } of [first, second])
      for (let index = 0; index < 3; index++) runtime.onBar(barOf('AAPL', index), `bar-${index}`);
    expect(first.published.map((signal) => signal.signalId)).toEqual(
      second.published.map((signal) => signal.signalId),
    );
    expect(first.published.slice(0, 2).map((signal) => signal.id)).toEqual([
      'every-bar/AAPL/bar-0/1',
      'every-bar/AAPL/bar-0/2',
    ]);
  });

  it('gives fresh ids to a signal without a cause', () => {
    const { runtime, published } = runtimeOf(1);
    runtime.onBar(barOf('AAPL', 0));
    expect(published[0]?.id.startsWith('every-bar/')).toBe(false);
  });

  it('publishes only the signals admit lets through', () => {
    const { runtime, published } = runtimeOf(1, (signal) => signal.symbol === 'MSFT');
    runtime.onBar(barOf('AAPL', 0), 'bar-a');
    runtime.onBar(barOf('MSFT', 0), 'bar-m');
    expect(published.map((signal) => signal.symbol)).toEqual(['MSFT', 'MSFT']);
  });
});
