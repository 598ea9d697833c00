// The executor's risk engine follows the Risk Manager's stored controls on PGlite and PostgreSQL: what
// the Risk Manager's desk stores and publishes (kill switch, limit overrides, restricted list) is in
// force in the executor's engine after the published change, and so is what the desk clears.
import { type AccountId, defineEquity, IdGenerator, Money, SeededRandom, TestClock } from '@ats/core';
import { InProcessMessageBus, Portfolio, RiskEngine } from '@ats/engine';
import {
  openTestDatabase,
  SqlRiskControlStore,
  type TestDatabase,
  testDatabaseKinds,
} from '@ats/persistence';
import { afterEach, describe, expect, it } from 'vitest';
import { RiskControlDesk } from '../risk-manager/risk-control-desk.js';
import { RiskControlsFollower } from './risk-controls-follower.js';

const limits = {
  maxPositionSize: 0.1,
  maxSectorExposure: 0.3,
  dailyLossLimit: Money.of('500'),
  positionFraction: 0.1,
  allowShort: false,
};

function engine(bus: InProcessMessageBus, clock: TestClock): RiskEngine {
  return new RiskEngine({
    bus,
    clock,
    ids: new IdGenerator(new SeededRandom(5)),
    portfolio: new Portfolio('acct' as AccountId, Money.of('100000')),
    instruments: [defineEquity({ symbol: 'AAPL' })],
    limits,
    accountId: 'acct',
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(testDatabaseKinds())("the executor's risk engine following the Risk Manager on %s", (kind) => {
  let test: TestDatabase | undefined;
  afterEach(async () => {
    await test?.dispose();
  });

  it('takes on the stored kill switch, overrides and restricted list at start and at every change, and drops what is cleared', async () => {
    test = await openTestDatabase(kind);
    const bus = new InProcessMessageBus();
    const clock = new TestClock(Date.UTC(2026, 2, 2, 15, 0));
    const store = new SqlRiskControlStore(test.database, 'acct');
    const manager = engine(bus, clock);
    const desk = new RiskControlDesk({
      risk: manager,
      store,
      bus,
      clock,
      ids: new IdGenerator(new SeededRandom(6)),
      accountId: 'acct' as AccountId,
      onError: (error) => {
        throw error;
      },
    });
    // Stored before the executor starts: loaded at its start.
    await desk.restrict('AAPL', 'compliance review', 'test');
    const executor = engine(bus, clock);
    const follower = new RiskControlsFollower({
      risk: executor,
      store,
      bus,
      onError: (error) => {
        throw error;
      },
    });
    await follower.start();
    expect(executor.controls.restricted.get('AAPL')).toBe('compliance review');

    await desk.setKillSwitch(true, 'halted through the API', 'test');
    await desk.setLimits('strategy', 'alpha', { max_order_notional: 5_000 }, 'tighter', 'test');
    await until(() => executor.isHalted && executor.limitBook.overrides().length === 1, 'halt and override');
    expect(executor.killSwitchReason).toBe('halted through the API');
    expect(executor.limitBook.overrides()).toEqual(manager.limitBook.overrides());

    await desk.setKillSwitch(false, 'resumed', 'test');
    await desk.setLimits('strategy', 'alpha', { max_order_notional: null }, 'back', 'test');
    await desk.unrestrict('AAPL', 'cleared', 'test');
    await until(
      () =>
        !executor.isHalted &&
        executor.limitBook.overrides().length === 0 &&
        executor.controls.restricted.size === 0,
      'everything cleared',
    );
    await follower.stop();
  });
});
