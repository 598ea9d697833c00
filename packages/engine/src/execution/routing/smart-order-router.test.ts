// The smart order router: the best expected all-in price (quote, fee, latency) wins, a short displayed
// size splits the order best first, stale or limit-breaking venues get nothing, and every leg says why.
import { InvalidInputError, Money, Price, type Quote, type Ticker } from '@ats/core';
import { describe, expect, it } from 'vitest';
import type { CommissionModel } from '../commission-model.js';
import { simulatedVenueQuote } from './simulated-venue-quote.js';
import { type RoutingVenue, SmartOrderRouter } from './smart-order-router.js';

const perShare = (fee: string): CommissionModel => ({
  kind: 'per-share',
  perShare: Money.of(fee),
  minimum: Money.of('0'),
});

function quote(bid: string, ask: string, size: number, time = 1_000): Quote {
  return {
    symbol: 'SPY' as Ticker,
    time,
    receivedAt: time,
    bid: Price.of(bid),
    ask: Price.of(ask),
    bidSize: size,
    askSize: size,
    last: Price.of(ask),
    volume: 0,
  };
}

function router(venues: RoutingVenue[], latencyCost = 0) {
  return new SmartOrderRouter(venues, {
    latencyCostBasisPointsPerSecond: latencyCost,
    maxQuoteAgeMilliseconds: 5_000,
  });
}

const request = { symbol: 'SPY', side: 'BUY' as const, limitPrice: null, lotSize: 100, now: 1_500 };

describe('smart order router', () => {
  it('sends the whole order to the venue with the best price plus fees, even when another quotes cheaper', () => {
    const sor = router([
      { name: 'CHEAP-QUOTE', commission: perShare('0.0200'), latencyMilliseconds: 1 },
      { name: 'LOW-FEE', commission: perShare('0.0010'), latencyMilliseconds: 1 },
    ]);
    sor.onVenueQuote('CHEAP-QUOTE', quote('99.99', '100.00', 1_000)); // all-in 100.0200
    sor.onVenueQuote('LOW-FEE', quote('99.99', '100.01', 1_000)); // all-in 100.0110
    const legs = sor.route({ ...request, quantity: 500 });
    expect(legs.map((leg) => [leg.venue, leg.quantity])).toEqual([['LOW-FEE', 500]]);
    expect(legs[0]?.reason).toContain('rank 1: all-in 100.0110 (price 100.0100, fee 0.0010');
    expect(legs[0]?.reason).toContain('CHEAP-QUOTE 100.0200');
    // A sell gets the highest bid less fees: the low-fee venue again.
    expect(sor.route({ ...request, side: 'SELL', quantity: 100 }).map((leg) => leg.venue)).toEqual([
      'LOW-FEE',
    ]);
  });

  it("splits across venues when the best venue's displayed size is not enough, best first, whole lots", () => {
    const sor = router([
      { name: 'A', commission: perShare('0.0030'), latencyMilliseconds: 1 },
      { name: 'B', commission: perShare('0.0010'), latencyMilliseconds: 1 },
    ]);
    sor.onVenueQuote('A', quote('99.99', '100.01', 1_000)); // all-in 100.0130
    sor.onVenueQuote('B', quote('99.99', '100.00', 250)); // all-in 100.0010, only 250 shown
    const legs = sor.route({ ...request, quantity: 700 });
    expect(legs.map((leg) => [leg.venue, leg.quantity])).toEqual([
      ['B', 200],
      ['A', 500],
    ]);
    expect(legs[0]?.reason).toContain('200 of 250 displayed');
    // More than every venue shows: the rest goes to the best all-in venue.
    const beyond = sor.route({ ...request, quantity: 1_500 });
    expect(beyond.map((leg) => [leg.venue, leg.quantity])).toEqual([
      ['B', 500],
      ['A', 1_000],
    ]);
    expect(beyond[0]?.reason).toContain('300 beyond every displayed size');
  });

  it("charges latency: a slow venue's better quote loses once its latency's price risk is counted", () => {
    const venues = [
      { name: 'SLOW', commission: perShare('0.0010'), latencyMilliseconds: 2_000 },
      { name: 'FAST', commission: perShare('0.0010'), latencyMilliseconds: 5 },
    ];
    const sor = router(venues, 1); // 1 bp per second: 2 s at $100 costs 0.0200 a share
    sor.onVenueQuote('SLOW', quote('99.98', '100.00', 1_000));
    sor.onVenueQuote('FAST', quote('99.99', '100.01', 1_000));
    expect(sor.route({ ...request, quantity: 100 }).map((leg) => leg.venue)).toEqual(['FAST']);
    const ignoringLatency = router(venues, 0);
    ignoringLatency.onVenueQuote('SLOW', quote('99.98', '100.00', 1_000));
    ignoringLatency.onVenueQuote('FAST', quote('99.99', '100.01', 1_000));
    expect(ignoringLatency.route({ ...request, quantity: 100 }).map((leg) => leg.venue)).toEqual(['SLOW']);
  });

  it('skips a stale quote and a price beyond the limit, and uses the default venue when none is usable', () => {
    const sor = router([
      { name: 'A', commission: perShare('0'), latencyMilliseconds: 0 },
      { name: 'B', commission: perShare('0'), latencyMilliseconds: 0 },
    ]);
    sor.onVenueQuote('A', quote('99.99', '100.01', 1_000, 1_000));
    sor.onVenueQuote('B', quote('99.97', '99.99', 1_000, -10_000)); // older than 5 s at now = 1 500
    expect(sor.route({ ...request, quantity: 100 }).map((leg) => leg.venue)).toEqual(['A']);
    const none = sor.route({ ...request, quantity: 100, limitPrice: Price.of('100') });
    expect(none).toEqual([
      expect.objectContaining({
        venue: 'A',
        quantity: 100,
        reason: expect.stringContaining('default venue'),
      }),
    ]);
    expect(none[0]?.reason).toContain('B skipped');
  });

  it('refuses a bad venue list naming the field', () => {
    expect(() => router([])).toThrow(InvalidInputError);
    expect(() =>
      router([{ name: 'a venue name far too long', commission: perShare('0'), latencyMilliseconds: 0 }]),
    ).toThrow(/venues\[0\]\.name/);
    expect(() =>
      router([
        { name: 'A', commission: perShare('0'), latencyMilliseconds: 0 },
        { name: 'A', commission: perShare('0'), latencyMilliseconds: 0 },
      ]),
    ).toThrow(/venues\[1\]\.name/);
  });

  it('quotes a simulated venue with its own spread and displayed size, never crossed', () => {
    const market = quote('99.99', '100.01', 5_000);
    const wider = simulatedVenueQuote(market, { quoteAdjustmentBasisPoints: 1, displayedSize: 300 });
    expect([wider.bid.toString(), wider.ask.toString(), wider.askSize]).toEqual(['99.9800', '100.0200', 300]);
    const inside = simulatedVenueQuote(market, { quoteAdjustmentBasisPoints: -5, displayedSize: null });
    expect(inside.ask.raw).toBeGreaterThanOrEqual(inside.bid.raw);
    expect(inside.askSize).toBe(5_000);
  });
});
