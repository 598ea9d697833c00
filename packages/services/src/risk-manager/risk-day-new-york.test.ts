// The risk day on the New York date (the NYSE calendar's, daylight saving included) with the Risk
// Manager's engine and stored day state on PGlite and PostgreSQL: an after-hours fill that falls on
// the next UTC date counts in the morning's day, a restart that New York day keeps the loss, and the
// day rolls at New York midnight (04:00 UTC in daylight time, 05:00 UTC in standard time).
import { NyseCalendar, tradingDaysOf } from '@ats/calendar';
import {
  type AccountId,
  defineEquity,
  type EventId,
  IdGenerator,
  Money,
  type OrderId,
  type PlatformEvent,
  Price,
  Quantity,
  SeededRandom,
  type StrategyId,
  TestClock,
  type Ticker,
  type TradeId,
  topics,
} from '@ats/core';
import { InProcessMessageBus, Portfolio, RiskEngine } from '@ats/engine';
import {
  openTestDatabase,
  SqlRiskControlStore,
  type TestDatabase,
  testDatabaseKinds,
} from '@ats/persistence';
import { afterEach, describe, expect, it } from 'vitest';
import { RiskControlDesk } from './risk-control-desk.js';

/** A stored fill of the account: a buy of `quantity` at `price` at `time`. */
interface Fill {
  readonly symbol: 'AAPL' | 'MSFT';
  readonly quantity: number;
  readonly price: string;
  readonly time: number;
}

/**
 * One run of the Risk Manager's engine and desk over a database, as the service builds them (NYSE
 * trading days), with the portfolio rebuilt from the stored fills and marked at `marks`.
 */
async function riskManagerRun(
  database: TestDatabase['database'],
  clock: TestClock,
  fills: readonly Fill[],
  marks: Readonly<Record<string, string>>,
) {
  const bus = new InProcessMessageBus();
  const ids = new IdGenerator(new SeededRandom(9));
  const portfolio = new Portfolio('acct' as AccountId, Money.of('100000'));
  let desk: RiskControlDesk | undefined;
  const risk = new RiskEngine({
    bus,
    clock,
    ids,
    portfolio,
    instruments: [defineEquity({ symbol: 'AAPL' }), defineEquity({ symbol: 'MSFT' })],
    limits: {
      maxPositionSize: 1,
      maxSectorExposure: 1,
      dailyLossLimit: Money.of('500'),
      positionFraction: 0.1,
      allowShort: false,
    },
    accountId: 'acct',
    tradingDays: tradingDaysOf(new NyseCalendar()),
    onDayStateChange: (record) => desk?.saveDayState(record),
  });
  desk = new RiskControlDesk({
    risk,
    store: new SqlRiskControlStore(database, 'acct'),
    bus,
    clock,
    ids,
    accountId: 'acct' as AccountId,
    onError: (error) => {
      throw error;
    },
  });
  const alerts: PlatformEvent[] = [];
  bus.subscribe(topics.riskAlerts, (event) => {
    alerts.push(event);
  });
  const applyFill = (fill: Fill, index: number) =>
    portfolio.applyFill({
      type: 'OrderFilled',
      id: `fill-${index}` as EventId,
      occurredAt: fill.time,
      receivedAt: fill.time,
      causationId: null,
      orderId: `order-${index}` as OrderId,
      tradeId: `trade-${index}` as TradeId,
      accountId: 'acct' as AccountId,
      strategyId: 'alpha' as StrategyId,
      symbol: fill.symbol as Ticker,
      side: 'BUY',
      lastQuantity: Quantity.of(fill.quantity),
      lastPrice: Price.of(fill.price),
      commission: Money.zero,
      venue: 'TEST',
      executionId: `execution-${index}`,
      liquidityTaker: true,
    });
  const mark = (symbol: string, price: string) =>
    portfolio.updateMark(symbol as Ticker, Price.of(price), clock.now());
  fills.forEach(applyFill);
  for (const [symbol, price] of Object.entries(marks)) mark(symbol, price);
  await desk.restore();
  risk.start();
  /** A buy of one AAPL through the checks now: null when it passes, else the refusal. */
  const check = () =>
    risk.checkOrder({
      origin: 'algorithm',
      strategyId: 'alpha',
      symbol: 'AAPL' as Ticker,
      side: 'BUY',
      quantity: 1,
      orderType: 'MARKET',
      limitPrice: null,
      stopPrice: null,
      reduceOnly: false,
    });
  const stop = async () => {
    await desk.idle();
    await risk.stop();
  };
  return { risk, desk, alerts, check, mark, applyFill, stop };
}

describe.each(testDatabaseKinds())('the risk day on the New York date on %s', (kind) => {
  let test: TestDatabase | undefined;
  afterEach(async () => {
    await test?.dispose();
    test = undefined;
  });

  it('counts a fill at 21:00 New York time (the next UTC date) in the day of a 10:00 fill, keeps it across a restart that evening, and resets the loss at New York midnight', async () => {
    test = await openTestDatabase(kind);
    // Tuesday 2026-03-03, standard time (UTC-5): 09:30 New York is 14:30 UTC.
    const clock = new TestClock(Date.UTC(2026, 2, 3, 14, 30));
    const morning: Fill = { symbol: 'MSFT', quantity: 100, price: '100', time: Date.UTC(2026, 2, 3, 15, 0) };
    // 21:00 New York on March 3 is 02:00 UTC on March 4.
    const evening: Fill = { symbol: 'AAPL', quantity: 100, price: '100', time: Date.UTC(2026, 2, 4, 2, 0) };
    const first = await riskManagerRun(test.database, clock, [], {});
    expect(first.desk.dayStateView()).toMatchObject({ day: '2026-03-03', dayStartEquity: '100000.0000' });

    clock.advanceTo(morning.time); // 10:00 New York
    first.applyFill(morning, 0);
    first.mark('MSFT', '97'); // -300 today
    first.mark('AAPL', '100');
    expect(first.check()).toBeNull();

    clock.advanceTo(evening.time); // 21:00 New York, after hours
    first.applyFill(evening, 1);
    first.mark('AAPL', '97'); // another -300: -600 since the New York day began
    expect(first.check()).toMatchObject({ code: 'RISK_DAILY_LOSS_LIMIT', limit: '500', actual: '600' });
    expect(first.desk.dayStateView()).toEqual({
      day: '2026-03-03',
      dayStartEquity: '100000.0000',
      highWaterMark: '100000.0000',
      dayLoss: '600.0000',
    });
    await first.stop();
    const stored = await new SqlRiskControlStore(test.database, 'acct').dayState();
    expect(stored?.day).toBe(tradingDaysOf(new NyseCalendar()).dayOf(morning.time));

    // Restarted at 23:59:59.999 New York (04:59:59.999 UTC on March 4): the same New York day.
    clock.advanceTo(Date.UTC(2026, 2, 4, 5, 0) - 1);
    const second = await riskManagerRun(test.database, clock, [morning, evening], { MSFT: '97', AAPL: '97' });
    expect(second.check()).toMatchObject({ code: 'RISK_DAILY_LOSS_LIMIT', actual: '600' });
    expect(second.desk.dayStateView()).toMatchObject({ day: '2026-03-03', dayLoss: '600.0000' });
    expect(second.alerts).toHaveLength(1);

    // New York midnight: a new day starts at the equity then, and yesterday's loss no longer counts.
    clock.advanceTo(Date.UTC(2026, 2, 4, 5, 0));
    expect(second.check()).toBeNull();
    expect(second.desk.dayStateView()).toEqual({
      day: '2026-03-04',
      dayStartEquity: '99400.0000',
      highWaterMark: '100000.0000',
      dayLoss: '0.0000',
    });
    // The new day's own loss past the limit is refused and alerted again, with no session event.
    second.mark('MSFT', '94');
    second.mark('AAPL', '94');
    expect(second.check()).toMatchObject({ code: 'RISK_DAILY_LOSS_LIMIT', actual: '600' });
    expect(second.alerts).toHaveLength(2);
    await second.stop();
  });

  it('starts a new day when restarted after New York midnight, and keeps the stored one when restarted before it', async () => {
    test = await openTestDatabase(kind);
    const fill: Fill = { symbol: 'MSFT', quantity: 100, price: '100', time: Date.UTC(2026, 2, 3, 15, 0) };
    const clock = new TestClock(Date.UTC(2026, 2, 3, 14, 30));
    const first = await riskManagerRun(test.database, clock, [], {});
    clock.advanceTo(fill.time);
    first.applyFill(fill, 0);
    first.mark('MSFT', '94');
    first.mark('AAPL', '100');
    expect(first.check()).toMatchObject({ code: 'RISK_DAILY_LOSS_LIMIT', actual: '600' });
    await first.stop();

    // 20:30 New York is already March 4 in UTC: the stored New York day still holds.
    clock.advanceTo(Date.UTC(2026, 2, 4, 1, 30));
    const evening = await riskManagerRun(test.database, clock, [fill], { MSFT: '94', AAPL: '100' });
    expect(evening.check()).toMatchObject({ code: 'RISK_DAILY_LOSS_LIMIT', actual: '600' });
    await evening.stop();

    // 00:30 New York on March 4: the restart begins the new day at the equity then.
    clock.advanceTo(Date.UTC(2026, 2, 4, 5, 30));
    const next = await riskManagerRun(test.database, clock, [fill], { MSFT: '94', AAPL: '100' });
    expect(next.check()).toBeNull();
    expect(next.desk.dayStateView()).toMatchObject({ day: '2026-03-04', dayStartEquity: '99400.0000' });
    await next.stop();
    expect((await new SqlRiskControlStore(test.database, 'acct').dayState())?.dayStartEquityRaw).toBe(
      Money.of('99400').raw,
    );
  });

  it.each([
    {
      change: 'spring-forward (2026-03-08)',
      // Friday 2026-03-06 in standard time, Monday 2026-03-09 in daylight time.
      before: { day: '2026-03-06', at: Date.UTC(2026, 2, 6, 15, 0), midnight: Date.UTC(2026, 2, 7, 5, 0) },
      after: { day: '2026-03-09', at: Date.UTC(2026, 2, 9, 14, 0), midnight: Date.UTC(2026, 2, 10, 4, 0) },
    },
    {
      change: 'fall-back (2026-11-01)',
      // Friday 2026-10-30 in daylight time, Monday 2026-11-02 in standard time.
      before: { day: '2026-10-30', at: Date.UTC(2026, 9, 30, 14, 0), midnight: Date.UTC(2026, 9, 31, 4, 0) },
      after: { day: '2026-11-02', at: Date.UTC(2026, 10, 2, 15, 0), midnight: Date.UTC(2026, 10, 3, 5, 0) },
    },
  ])(
    'rolls the risk day at New York midnight on both sides of the $change change',
    async ({ before, after }) => {
      test = await openTestDatabase(kind);
      const clock = new TestClock(before.at);
      const fill: Fill = { symbol: 'MSFT', quantity: 100, price: '100', time: before.at };
      const run = await riskManagerRun(test.database, clock, [], {});
      run.applyFill(fill, 0);
      run.mark('AAPL', '100');
      for (const [sessionDay, nextMidnight, price] of [
        [before.day, before.midnight, '94'],
        [after.day, after.midnight, '88'],
      ] as const) {
        if (sessionDay === after.day) clock.advanceTo(after.at);
        // The session's first order sees the day's start equity; then the price falls 600 on the day.
        expect(run.check()).toBeNull();
        run.mark('MSFT', price);
        expect(run.check()).toMatchObject({ code: 'RISK_DAILY_LOSS_LIMIT', actual: '600' });
        // The last millisecond of the New York day still counts the loss; midnight resets it.
        clock.advanceTo(nextMidnight - 1);
        expect(run.check()).toMatchObject({ code: 'RISK_DAILY_LOSS_LIMIT', actual: '600' });
        expect(run.desk.dayStateView().day).toBe(sessionDay);
        clock.advanceTo(nextMidnight);
        expect(run.check()).toBeNull();
        expect(run.desk.dayStateView().dayLoss).toBe('0.0000');
      }
      await run.stop();
    },
  );

  it("reads a stored day ahead of New York's date (written on the UTC date this evening) as today, and rolls at New York midnight", async () => {
    test = await openTestDatabase(kind);
    const days = tradingDaysOf(new NyseCalendar());
    // 22:00 New York on Tuesday 2026-03-03 (03:00 UTC on March 4), a day stored as UTC March 4.
    const clock = new TestClock(Date.UTC(2026, 2, 4, 3, 0));
    const fill: Fill = { symbol: 'MSFT', quantity: 100, price: '100', time: Date.UTC(2026, 2, 3, 15, 0) };
    await new SqlRiskControlStore(test.database, 'acct').saveDayState({
      day: days.dayOf(clock.now()) + 1,
      dayStartEquityRaw: Money.of('100000').raw,
      highWaterMarkRaw: Money.of('100000').raw,
    });
    const run = await riskManagerRun(test.database, clock, [fill], { MSFT: '94', AAPL: '100' });
    expect(run.desk.dayStateView()).toMatchObject({ day: '2026-03-03', dayStartEquity: '100000.0000' });
    expect(run.check()).toMatchObject({ code: 'RISK_DAILY_LOSS_LIMIT', actual: '600' });
    expect((await new SqlRiskControlStore(test.database, 'acct').dayState())?.day).toBe(
      days.dayOf(clock.now()),
    );
    clock.advanceTo(Date.UTC(2026, 2, 4, 5, 0));
    expect(run.check()).toBeNull();
    expect(run.desk.dayStateView()).toMatchObject({ day: '2026-03-04', dayStartEquity: '99400.0000' });
    await run.stop();
  });
});
