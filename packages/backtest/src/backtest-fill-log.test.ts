// The backtest's fill log: the rows, totals and round trips it builds from its columns are those the
// fill events themselves give, for any fills (prices and commissions exact to 1/10,000).
import { isoText, Money, type OrderFilled, type OrderSide, Price, Quantity, type Ticker } from '@ats/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BacktestFillLog } from './backtest-fill-log.js';
import { roundTripsOf } from './round-trips.js';

function fillOf(
  symbol: string,
  side: OrderSide,
  quantity: number,
  priceRaw: number,
  commissionRaw: number,
  at: number,
) {
  return {
    type: 'OrderFilled',
    occurredAt: at,
    symbol: symbol as Ticker,
    side,
    lastQuantity: Quantity.of(quantity),
    lastPrice: Price.fromRaw(priceRaw),
    commission: Money.fromRaw(commissionRaw),
  } as OrderFilled;
}

const fillArbitrary = fc.record({
  symbol: fc.constantFrom('AAPL', 'MSFT', 'ORCL'),
  side: fc.constantFrom<OrderSide>('BUY', 'SELL'),
  quantity: fc.integer({ min: 1, max: 5_000 }),
  priceRaw: fc.integer({ min: 1, max: 50_000_000 }),
  commissionRaw: fc.integer({ min: 0, max: 2_000_000 }),
  step: fc.integer({ min: 0, max: 86_400_000 }),
});

describe('BacktestFillLog', () => {
  it('lists each fill as the results did from its event: time, symbol, side, quantity, price, commission', () => {
    const log = new BacktestFillLog();
    log.add(fillOf('AAPL', 'BUY', 100, 1_234_500, 12_345, Date.UTC(2020, 0, 2, 14, 30)));
    log.add(fillOf('AAPL', 'SELL', 100, 1_300_000, 13_000, Date.UTC(2020, 0, 3, 14, 30)));
    expect(log.length).toBe(2);
    expect(log.rows()).toEqual([
      {
        time: '2020-01-02T14:30:00.000Z',
        symbol: 'AAPL',
        side: 'BUY',
        quantity: 100,
        price: '123.4500',
        commission: '1.2345',
      },
      {
        time: '2020-01-03T14:30:00.000Z',
        symbol: 'AAPL',
        side: 'SELL',
        quantity: 100,
        price: '130.0000',
        commission: '1.3000',
      },
    ]);
  });

  it('gives the same rows, notional, commissions and round trips as the fill events, for any fills, on columns fresh or released by the last case (property)', () => {
    fc.assert(
      fc.property(fc.array(fillArbitrary, { maxLength: 600 }), (terms) => {
        let at = Date.UTC(2015, 0, 1);
        const fills = terms.map((term) => {
          at += term.step;
          return fillOf(term.symbol, term.side, term.quantity, term.priceRaw, term.commissionRaw, at);
        });
        const log = new BacktestFillLog();
        for (const fill of fills) log.add(fill);
        expect(log.rows()).toEqual(
          fills.map((fill) => ({
            time: isoText(fill.occurredAt),
            symbol: fill.symbol,
            side: fill.side,
            quantity: fill.lastQuantity.value,
            price: fill.lastPrice.toString(),
            commission: fill.commission.toString(),
          })),
        );
        expect(log.tradedNotional()).toBe(
          fills.reduce((sum, fill) => sum + fill.lastPrice.toNumber() * fill.lastQuantity.value, 0),
        );
        expect(log.totalCommissions().raw).toBe(
          fills.reduce((total, fill) => total.add(fill.commission), Money.zero).raw,
        );
        expect(roundTripsOf(log.terms())).toEqual(roundTripsOf(fills));
        // The next case's log writes over these columns: it must list only its own fills.
        log.release();
      }),
      { numRuns: 200 },
    );
  });
});
