// Buying power at the simulated venue: the cash account (refusals at submission and at the fill,
// holds for working orders, no shorts) and the Reg T margin account (2×, 4×, borrow, margin call).
import { Money } from '@ats/core';
import { describe, expect, it } from 'vitest';
import type { MarginCall } from './account-model.js';
import { CashAccount } from './cash-account.js';
import { harness } from './fill-engine-harness.js';
import { MarginAccount } from './margin-account.js';

const free = { kind: 'fixed' as const, perOrder: Money.zero };

function reasons(venue: ReturnType<typeof harness>): string[] {
  return venue.events.flatMap((event) =>
    event.type === 'OrderRejected' ? [`${event.reasonCode}: ${event.reason}`] : [],
  );
}

describe('cash account', () => {
  const cash = (reduceAtFill = false) =>
    harness({
      commission: free,
      account: new CashAccount({ startingCash: Money.of('10000'), reduceAtFill }),
    });

  it('refuses a buy the cash cannot pay for, counting what working buys hold back', () => {
    const venue = cash();
    venue.quote(0, '99.99', '100.00', '100.00');
    venue.submit({ side: 'BUY', quantity: 60, limit: '100' }); // holds 6,000
    venue.submit({ side: 'BUY', quantity: 50, limit: '99' }); // 4,950 > 4,000 left
    expect(venue.types()).toEqual(['OrderAccepted', 'OrderFilled', 'OrderRejected']);
    expect(reasons(venue)).toEqual([
      'ORDER_INSUFFICIENT_BUYING_POWER: buying 50 ORCL at 99.0000 costs 4950.0000 with commission; the cash account has 4000.0000 free',
    ]);
  });

  it('refuses a sale of shares it does not hold: no short sales', () => {
    const venue = cash();
    venue.quote(0, '99.99', '100.00', '100.00');
    venue.submit({ side: 'BUY', quantity: 10 });
    venue.submit({ side: 'SELL', quantity: 11 });
    expect(reasons(venue)).toEqual([
      'ORDER_SHORT_SALE_NOT_ALLOWED: selling 11 ORCL with 10 held: a cash account cannot sell short',
    ]);
  });

  it('refuses a fill the price moved out of reach (the order is canceled), or reduces it when configured', () => {
    for (const [reduce, expected] of [
      [false, []],
      [true, [['BUY', 90, '110.0000', '0.0000']]],
    ] as const) {
      const venue = cash(reduce);
      venue.bar(0, ['100', '100', '100', '100']); // the reference: the close, 100
      venue.submit({ side: 'BUY', quantity: 100 }); // 10,000: all the cash
      venue.bar(86_400_000, ['110', '110', '110', '110']); // opens at 110: 11,000
      expect(venue.fills()).toEqual(expected);
      if (!reduce) expect(venue.types()).toEqual(['OrderAccepted', 'OrderCanceled']);
      expect(venue.engine.book.report(venue.events[0]?.orderId as never)?.reason ?? null).toBe(
        reduce ? null : 'the account cannot pay for the fill at 110.0000',
      );
    }
  });
});

describe('margin account', () => {
  const margin = (options: { patternDayTrader?: boolean; easyToBorrow?: string[] } = {}) =>
    harness({
      commission: free,
      account: new MarginAccount({ startingCash: Money.of('10000'), ...options }),
    });

  it('lends up to 2× equity overnight and 4× to a pattern day trader', () => {
    for (const [patternDayTrader, fits, tooMuch] of [
      [false, 200, 201],
      [true, 400, 401],
    ] as const) {
      const venue = margin({ patternDayTrader });
      venue.quote(0, '99.99', '100.00', '100.00');
      venue.submit({ side: 'BUY', quantity: tooMuch, limit: '100' });
      venue.submit({ side: 'BUY', quantity: fits, limit: '100' });
      expect(venue.types()).toEqual(['OrderRejected', 'OrderAccepted', 'OrderFilled']);
    }
  });

  it('sells short only what it can borrow', () => {
    const refused = margin();
    refused.quote(0, '99.99', '100.00', '100.00');
    refused.submit({ side: 'SELL', quantity: 10 });
    expect(reasons(refused)).toEqual([
      'ORDER_NOT_BORROWABLE: selling 10 ORCL short needs a borrow; ORCL is not on the easy-to-borrow list',
    ]);
    const allowed = margin({ easyToBorrow: ['ORCL'] });
    allowed.quote(0, '99.99', '100.00', '100.00');
    allowed.submit({ side: 'SELL', quantity: 10 });
    expect(allowed.fills()).toEqual([['SELL', 10, '99.9900', '0.0000']]);
  });

  it('calls for margin below 25% maintenance and liquidates the largest position first, only as far as needed', () => {
    const venue = margin();
    const calls: MarginCall[] = [];
    venue.engine.onMarginCall((call) => calls.push(call));
    venue.quote(0, '99.99', '100.00', '100.00');
    venue.submit({ side: 'BUY', quantity: 200, limit: '100' }); // 20,000: cash −10,000
    venue.quote(1, '69.99', '70.00', '70.00'); // equity 4,000 ≥ 25% of 14,000
    expect(calls).toEqual([]);
    venue.quote(2, '59.99', '60.00', '60.00'); // equity 2,000 < 25% of 12,000
    // Selling x at 60 must bring the gross to 4 × 2,000 = 8,000: x = 4,000 / 60 → 67 shares.
    expect(calls.map((call) => [call.equity.toString(), call.liquidations])).toEqual([
      ['2000.0000', [{ symbol: 'ORCL', side: 'SELL', quantity: 67 }]],
    ]);
  });
});
