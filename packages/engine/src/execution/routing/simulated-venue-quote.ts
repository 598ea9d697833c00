// The quote a simulated venue shows: the market quote with the venue's own spread adjustment and
// displayed size, so several paper venues on one market feed quote (and fill) differently.
import { Price, type Quote } from '@ats/core';

export interface SimulatedVenueQuoting {
  /** Added to the ask and taken off the bid, in basis points of the price (negative: inside the market). */
  readonly quoteAdjustmentBasisPoints: number;
  /** The size shown on each side; null: the market quote's own sizes. */
  readonly displayedSize: number | null;
}

/** The venue's quote; a one-sided or empty market quote is passed on as it is. */
export function simulatedVenueQuote(quote: Quote, quoting: SimulatedVenueQuoting): Quote {
  if (!quote.bid.isPositive() || !quote.ask.isPositive()) return quote;
  const adjust = (price: Price, sign: number) =>
    Price.fromRaw(
      Math.max(1, price.raw + sign * Math.round((price.raw * quoting.quoteAdjustmentBasisPoints) / 10_000)),
    );
  const bid = adjust(quote.bid, -1);
  const ask = adjust(quote.ask, 1);
  return {
    ...quote,
    bid,
    // Never crossed: a large negative adjustment meets at the bid.
    ask: ask.raw < bid.raw ? bid : ask,
    bidSize: quoting.displayedSize ?? quote.bidSize,
    askSize: quoting.displayedSize ?? quote.askSize,
  };
}
