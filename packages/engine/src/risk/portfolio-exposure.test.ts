// The exposure snapshot taken at its first read equals the pass over every instrument taken when the
// order arrived (what the gate did before), to the bit, over random fills and marks.
import {
  type AccountId,
  defineEquity,
  type EventId,
  Money,
  type OrderFilled,
  type OrderId,
  Price,
  Quantity,
  type StrategyId,
  type Ticker,
  type TradeId,
} from '@ats/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Portfolio } from '../portfolio/portfolio.js';
import { PortfolioExposure } from './portfolio-exposure.js';

const symbols = ['A', 'B', 'C', 'D', 'E'] as Ticker[];
const instruments = symbols.map((symbol, index) =>
  defineEquity({ symbol, sector: index % 2 ? 'Odd' : 'Even' }),
);

function fill(
  symbol: Ticker,
  side: 'BUY' | 'SELL',
  quantity: number,
  price: Price,
  sequence: number,
): OrderFilled {
  return {
    type: 'OrderFilled',
    id: `fill-${sequence}` as EventId,
    occurredAt: sequence,
    receivedAt: sequence,
    causationId: null,
    orderId: `order-${sequence}` as OrderId,
    tradeId: `trade-${sequence}` as TradeId,
    accountId: 'acct' as AccountId,
    strategyId: 'strategy' as StrategyId,
    symbol,
    side,
    lastQuantity: Quantity.of(quantity),
    lastPrice: price,
    commission: Money.zero,
    venue: 'TEST',
    executionId: `execution-${sequence}`,
    liquidityTaker: true,
  };
}

/** The figures as the gate computed them on every order: every instrument, in the configured order. */
function everyInstrument(portfolio: Portfolio) {
  const values = symbols.map((symbol) => {
    const quantity = portfolio.netQuantity(symbol);
    const mark = quantity !== 0 ? portfolio.mark(symbol) : null;
    return mark ? quantity * mark.toNumber() : 0;
  });
  let gross = 0;
  let net = 0;
  for (const value of values) {
    gross += Math.abs(value);
    net += value;
  }
  return { values, gross, net };
}

const step = fc.record({
  kind: fc.constantFrom('fill', 'mark', 'order', 'order without exposure'),
  symbol: fc.integer({ min: 0, max: symbols.length - 1 }),
  side: fc.constantFrom('BUY' as const, 'SELL' as const),
  quantity: fc.integer({ min: 1, max: 500 }),
  // Prices in 1/10,000, some with many decimals, so float sums round.
  raw: fc.integer({ min: 1, max: 50_000_000 }),
});

describe('PortfolioExposure', () => {
  it('reads the same values, gross, net and sector gross as a pass over every instrument when the order came', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const portfolio = new Portfolio('acct' as AccountId, Money.of('1000000'));
        const exposure = new PortfolioExposure(instruments);
        let sequence = 0;
        for (const { kind, symbol: which, side, quantity, raw } of steps) {
          const symbol = symbols[which] as Ticker;
          if (kind === 'fill')
            portfolio.applyFill(fill(symbol, side, quantity, Price.fromRaw(raw), ++sequence));
          else if (kind === 'mark') portfolio.updateMark(symbol, Price.fromRaw(raw), ++sequence);
          else {
            exposure.refresh(portfolio);
            const expected = everyInstrument(portfolio);
            // An order the chain decides without reading exposure: nothing is computed for it.
            if (kind === 'order without exposure') continue;
            expect([...exposure.values]).toEqual(expected.values);
            expect(Object.is(exposure.gross, expected.gross)).toBe(true);
            expect(Object.is(exposure.net, expected.net)).toBe(true);
            const even = expected.values.reduce(
              (total, value, index) => (index % 2 || index === which ? total : total + Math.abs(value)),
              0,
            );
            expect(Object.is(exposure.sectorGross('Even', which), even)).toBe(true);
            expect(exposure.sectorGross('No such sector', which)).toBe(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
