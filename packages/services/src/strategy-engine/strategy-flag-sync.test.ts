// Strategy flags across two Strategy Engine instances on one database: a strategy disabled (then
// enabled) through one instance's store-and-apply follows on the other within its sync interval.
import { IdGenerator, SeededRandom, TestClock, type Ticker } from '@ats/core';
import { InProcessMessageBus, StrategyRuntime } from '@ats/engine';
import { openTestDatabase, StrategyFlagStore, testDatabaseKinds } from '@ats/persistence';
import { strategyFactoryOf } from '@ats/strategies';
import { describe, expect, it, vi } from 'vitest';
import { StrategyFlagSync } from './strategy-flag-sync.js';

function runtimeWithCross(): StrategyRuntime {
  const runtime = new StrategyRuntime({
    bus: new InProcessMessageBus(),
    clock: new TestClock(0),
    ids: new IdGenerator(new SeededRandom(3)),
  });
  const factory = strategyFactoryOf('sma-cross');
  if (!factory) throw new Error('sma-cross is not registered');
  runtime.add(factory('cross', ['AAPL' as Ticker], { fast: 2, slow: 4 }));
  return runtime;
}

describe.each(testDatabaseKinds())('StrategyFlagSync on %s', (kind) => {
  it('applies on the other instance a flag stored through one, and leaves a strategy it does not run alone', async () => {
    const test = await openTestDatabase(kind);
    const store = new StrategyFlagStore(test.database);
    const [first, second] = [runtimeWithCross(), runtimeWithCross()];
    const applied: Record<string, unknown>[] = [];
    const sync = new StrategyFlagSync({
      flags: store,
      runtime: second,
      intervalMilliseconds: 50,
      onError: (error) => {
        throw error;
      },
      log: (_message, fields) => void applied.push(fields),
    });
    sync.start();
    try {
      expect(second.isEnabled('cross')).toBe(true);
      // The first instance's API: the flag is stored, then applied to its own runtime.
      await store.setFlag('cross', false, 'admin', 'misbehaving');
      first.setEnabled('cross', false);
      await store.setFlag('elsewhere', false, 'admin', null);
      await vi.waitFor(() => expect(second.isEnabled('cross')).toBe(false), { timeout: 30_000 });
      await store.setFlag('cross', true, 'admin', null);
      await vi.waitFor(() => expect(second.isEnabled('cross')).toBe(true), { timeout: 30_000 });
      expect(second.isEnabled('elsewhere')).toBeUndefined();
      expect(applied).toEqual([
        { strategy: 'cross', enabled: false, changedBy: 'admin' },
        { strategy: 'cross', enabled: true, changedBy: 'admin' },
      ]);
    } finally {
      await sync.stop();
      await test.dispose();
    }
  }, 60_000);
});
