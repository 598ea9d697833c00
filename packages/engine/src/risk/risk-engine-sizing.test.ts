// The risk engine's sizing site: the configured PositionSizer decides the quantity of a signal, the
// cash fit and the limits still apply after it, and a sizer that returns broken lots is refused.
import {
  type AccountId,
  defineEquity,
  type EventId,
  IdGenerator,
  Money,
  type PlatformEvent,
  type PositionSizer,
  Price,
  SeededRandom,
  type SignalGenerated,
  type SignalId,
  type SizingRequest,
  type StrategyId,
  TestClock,
  type Ticker,
  topics,
} from '@ats/core';
import { describe, expect, it } from 'vitest';
import { InProcessMessageBus } from '../bus/in-process-message-bus.js';
import { Portfolio } from '../portfolio/portfolio.js';
import { RiskEngine } from './risk-engine.js';

function setUp(sizer: PositionSizer | undefined, cash = '100000') {
  const bus = new InProcessMessageBus();
  const portfolio = new Portfolio('acct' as AccountId, Money.of(cash));
  const risk = new RiskEngine({
    bus,
    clock: new TestClock(1_000),
    ids: new IdGenerator(new SeededRandom(1)),
    portfolio,
    instruments: [defineEquity({ symbol: 'AAPL', sector: 'Tech', lotSize: 10 })],
    limits: {
      maxPositionSize: 1,
      maxSectorExposure: 1,
      dailyLossLimit: Money.of('10000'),
      positionFraction: 0.1,
      allowShort: false,
    },
    accountId: 'acct',
    ...(sizer ? { sizer } : {}),
  });
  const decisions: PlatformEvent[] = [];
  for (const topic of [topics.ordersApproved, topics.riskAssessments])
    bus.subscribe(topic, (event) => {
      if (event.type === 'SignalApproved' || event.type === 'SignalRejected') decisions.push(event);
    });
  let sequence = 0;
  const signal = (): SignalGenerated => ({
    type: 'SignalGenerated',
    id: `event-${++sequence}` as EventId,
    occurredAt: 1_000,
    receivedAt: 1_000,
    causationId: null,
    signalId: `signal-${sequence}` as SignalId,
    strategyId: 'alpha' as StrategyId,
    symbol: 'AAPL' as Ticker,
    direction: 'LONG',
    strength: 0.5,
    referencePrice: Price.of('100'),
    limitPrice: null,
  });
  return { risk, decisions, signal };
}

describe('RiskEngine sizing site', () => {
  it('without a sizer sizes by the fixed fraction as before: 100,000 × 0.1 × 0.5 / 100 = 50 shares', async () => {
    const { risk, decisions, signal } = setUp(undefined);
    await risk.assess(signal());
    expect(decisions[0]).toMatchObject({ type: 'SignalApproved', quantity: { value: 50 } });
    expect((decisions[0] as { sizing: string }).sizing).toBe(
      'equity 100000.00 x 0.0500 / price 100 = 50 (lot 10)',
    );
  });

  it('asks the configured sizer, with the request it needs, and approves its quantity', async () => {
    const requests: SizingRequest[] = [];
    const sizer: PositionSizer = {
      name: 'thirty',
      size: (request) => {
        requests.push(request);
        return { quantity: 30, explanation: 'thirty shares' };
      },
    };
    const { risk, decisions, signal } = setUp(sizer);
    await risk.assess(signal());
    expect(requests[0]).toEqual({
      strategyId: 'alpha',
      symbol: 'AAPL',
      direction: 1,
      strength: 0.5,
      price: 100,
      lotSize: 10,
      equity: 100_000,
      maxPositionFraction: 1,
    });
    expect(decisions[0]).toMatchObject({
      type: 'SignalApproved',
      quantity: { value: 30 },
      sizing: 'thirty shares',
    });
  });

  it('still fits the buy to the cash and refuses a zero size with the sizer’s reasoning', async () => {
    const sizer: PositionSizer = { name: 'big', size: () => ({ quantity: 150, explanation: 'big' }) };
    const fitted = setUp(sizer, '10000');
    await fitted.risk.assess(fitted.signal());
    // Cash 10,000 at 100 buys 100 shares (10 lots).
    expect(fitted.decisions[0]).toMatchObject({
      quantity: { value: 100 },
      sizing: 'big; the cash pays for 100',
    });
    const none = setUp({ name: 'none', size: () => ({ quantity: 0, explanation: 'no edge yet' }) });
    await none.risk.assess(none.signal());
    expect(none.decisions[0]).toMatchObject({ type: 'SignalRejected', reasonCode: 'RISK_ZERO_QUANTITY' });
    expect((none.decisions[0] as { reason: string }).reason).toMatch(/no edge yet/);
  });

  it('throws when a sizer breaks the lot invariant, naming the sizer', () => {
    const { risk, signal } = setUp({ name: 'broken', size: () => ({ quantity: 15, explanation: 'odd' }) });
    expect(() => risk.assess(signal())).toThrow(
      /position sizer broken returned 15 for AAPL: not whole lots of 10/,
    );
  });

  it('assesses a signal delivered again after its decision threw, instead of skipping it as done', async () => {
    let calls = 0;
    const { risk, decisions, signal } = setUp({
      name: 'flaky',
      size: () =>
        ++calls === 1 ? { quantity: 15, explanation: 'odd' } : { quantity: 20, explanation: 'ok' },
    });
    const generated = signal();
    expect(() => risk.assess(generated)).toThrow(/not whole lots/);
    expect(decisions).toEqual([]);
    // The bus delivers the unacknowledged signal again: it is decided now.
    await risk.assess(generated);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ type: 'SignalApproved', quantity: { value: 20 } });
  });
});
