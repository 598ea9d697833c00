// Tests of Position and the ledger: average cost, realized PnL, shorts, flips through zero, replay.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountId, Ticker } from '../identifiers/identifiers.js';
import { Money } from '../values/money.js';
import { Price } from '../values/price.js';
import { Quantity } from '../values/quantity.js';
import { AccountLedger } from './account-ledger.js';
import { replayExecutions } from './ledger-replay.js';
import { Position } from './position.js';

const symbol = 'AAPL' as Ticker;
const q = Quantity.of;
const p = (text: string) => Price.of(text);
const noFee = Money.zero;

describe('Position', () => {
  it('averages cost on adds and realizes on reductions', () => {
    const position = new Position(symbol);
    position.apply('BUY', q(100), p('10'), noFee);
    position.apply('BUY', q(100), p('12'), noFee);
    expect(position.averageCost.toString()).toBe('11.0000');
    const change = position.apply('SELL', q(50), p('15'), noFee);
    expect(change.realized.toString()).toBe('200.0000');
    expect(position.netQuantity).toBe(150);
    expect(position.unrealizedPnl(p('11')).toString()).toBe('0.0000');
  });

  it('handles shorts and flips through zero', () => {
    const position = new Position(symbol);
    position.apply('SELL', q(100), p('20'), noFee);
    expect(position.side).toBe('SHORT');
    expect(position.unrealizedPnl(p('18')).toString()).toBe('200.0000');
    const flip = position.apply('BUY', q(150), p('18'), noFee);
    expect(flip.realized.toString()).toBe('200.0000');
    expect(flip.closedQuantity).toBe(100);
    expect(flip.openedQuantity).toBe(50);
    expect(position.netQuantity).toBe(50);
    expect(position.averageCost.toString()).toBe('18.0000');
  });

  it('releases exactly the cost on a full close after uneven partial closes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 5_000_000 })),
          {
            minLength: 1,
            maxLength: 40,
          },
        ),
        (fills) => {
          const position = new Position(symbol);
          const ledger = new AccountLedger('a' as AccountId, Money.of('1000000'));
          for (const [buy, size, priceRaw] of fills) {
            const change = position.apply(buy ? 'BUY' : 'SELL', q(size), Price.fromRaw(priceRaw), noFee);
            ledger.applyFill(buy ? 'BUY' : 'SELL', q(size), Price.fromRaw(priceRaw), noFee, change.realized);
          }
          // Close out at the last price: then cash change must equal realized PnL exactly.
          const last = Price.fromRaw(fills[fills.length - 1]![2]);
          if (!position.isFlat) {
            const side = position.netQuantity > 0 ? 'SELL' : 'BUY';
            const change = position.apply(side, position.quantity, last, noFee);
            ledger.applyFill(side, q(Math.abs(change.closedQuantity)), last, noFee, change.realized);
          }
          expect(position.costBasis.raw).toBe(0);
          expect(ledger.cash.subtract(Money.of('1000000')).raw).toBe(ledger.realizedPnl.raw);
        },
      ),
    );
  });
});

describe('replayExecutions', () => {
  it('recomputes cash, positions and realized PnL with commissions', () => {
    const replay = replayExecutions('acct' as AccountId, Money.of('10000'), [
      { symbol, side: 'BUY', quantity: q(10), price: p('100'), commission: Money.of('1') },
      { symbol, side: 'SELL', quantity: q(4), price: p('110'), commission: Money.of('1') },
    ]);
    expect(replay.ledger.cash.toString()).toBe('9438.0000');
    expect(replay.ledger.realizedPnl.toString()).toBe('40.0000');
    expect(replay.ledger.commissions.toString()).toBe('2.0000');
    expect(replay.positions.get(symbol)?.netQuantity).toBe(6);
  });
});
