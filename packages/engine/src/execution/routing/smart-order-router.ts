// Smart order routing: which venue (or venues) a child order goes to. Each venue has its own quote, fees
// and latency; the router ranks them by expected all-in price per share (the quote, plus the fee, plus
// the price risk of the venue's latency), fills the best venue's displayed size first, then the next,
// and writes down why. Prices are integer ten-thousandths (the raw units of Price and Money).
import { InvalidInputError, type OrderSide, type Price, Quantity, type Quote } from '@ats/core';
import { type CommissionModel, commissionFor } from '../commission-model.js';

/** A venue the router may send to. */
export interface RoutingVenue {
  /** The venue's name, as its fills report it (at most 20 characters: the trades table's column). */
  readonly name: string;
  readonly commission: CommissionModel;
  /** The expected time from sending an order to it reaching the venue's book. */
  readonly latencyMilliseconds: number;
}

export interface RoutingOptions {
  /**
   * The price risk of waiting: basis points of the price per second of latency, charged against a
   * slower venue (the expected adverse move before the order arrives). 0 ignores latency.
   */
  readonly latencyCostBasisPointsPerSecond: number;
  /** A venue's quote older than this is not used (the venue is skipped). */
  readonly maxQuoteAgeMilliseconds: number;
}

export interface RouteRequest {
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: number;
  /** A buy pays at most, a sell gets at least; null: market. */
  readonly limitPrice: Price | null;
  /** Legs are whole lots, but for the last one. */
  readonly lotSize: number;
  readonly now: number;
}

/** One venue's part of a routed order. */
export interface RouteLeg {
  readonly venue: string;
  readonly quantity: number;
  /** Why this venue and this size: every venue's all-in price, the ranking and the sizes. */
  readonly reason: string;
}

interface Candidate {
  readonly venue: RoutingVenue;
  readonly price: Price;
  readonly displayed: number;
  /** Expected cost (a buy) or proceeds (a sell) per share, all in, raw units. */
  readonly allInRaw: number;
  readonly feeRaw: number;
  readonly latencyRaw: number;
}

const rawScale = 10_000;
const format = (raw: number) => (raw / rawScale).toFixed(4);

export class SmartOrderRouter {
  private readonly venues: readonly RoutingVenue[];
  /** The latest quote of each venue, by symbol. */
  private readonly quotes = new Map<string, Map<string, Quote>>();

  constructor(
    venues: readonly RoutingVenue[],
    private readonly options: RoutingOptions,
  ) {
    if (venues.length === 0) throw new InvalidInputError('venues', 'name at least one venue to route to');
    const names = new Set<string>();
    for (const [index, venue] of venues.entries()) {
      if (!/^[A-Za-z0-9_-]{1,20}$/.test(venue.name))
        throw new InvalidInputError(
          `venues[${index}].name`,
          `must be 1 to 20 letters, digits, '_' or '-', got '${venue.name}'`,
        );
      if (names.has(venue.name))
        throw new InvalidInputError(`venues[${index}].name`, `'${venue.name}' twice`);
      names.add(venue.name);
      if (!Number.isFinite(venue.latencyMilliseconds) || venue.latencyMilliseconds < 0)
        throw new InvalidInputError(`venues[${index}].latency`, 'must be a non-negative duration');
    }
    if (
      !Number.isFinite(options.latencyCostBasisPointsPerSecond) ||
      options.latencyCostBasisPointsPerSecond < 0
    )
      throw new InvalidInputError('latencyCostBasisPointsPerSecond', 'must be a non-negative number');
    this.venues = venues;
  }

  get venueNames(): readonly string[] {
    return this.venues.map((venue) => venue.name);
  }

  /** The venue an order goes to when no venue has a usable quote: the first configured. */
  get defaultVenue(): string {
    return (this.venues[0] as RoutingVenue).name;
  }

  /** A venue's own quote (what it displays and would fill at). */
  onVenueQuote(venue: string, quote: Quote): void {
    let bySymbol = this.quotes.get(quote.symbol);
    if (!bySymbol) {
      bySymbol = new Map();
      this.quotes.set(quote.symbol, bySymbol);
    }
    bySymbol.set(venue, quote);
  }

  /**
   * Splits the order over the venues, best all-in price first, each up to its displayed size; what
   * no venue displays goes to the best venue (where it rests or walks the book). A venue whose price
   * breaks the limit, or whose quote is stale or one-sided, gets nothing.
   */
  route(request: RouteRequest): RouteLeg[] {
    const candidates = this.rank(request);
    const summary = this.summary(request, candidates);
    if (candidates.length === 0)
      return [
        {
          venue: this.defaultVenue,
          quantity: request.quantity,
          reason: `no venue has a usable quote within the limit (${summary}): the default venue ${this.defaultVenue}`,
        },
      ];
    const legs = new Map<string, { quantity: number; reasons: string[] }>();
    let remaining = request.quantity;
    for (const [rank, candidate] of candidates.entries()) {
      if (remaining <= 0) break;
      let take = Math.min(candidate.displayed, remaining);
      // Whole lots, unless this leg finishes the order.
      if (take < remaining) take = Math.floor(take / request.lotSize) * request.lotSize;
      if (take <= 0) continue;
      remaining -= take;
      legs.set(candidate.venue.name, {
        quantity: take,
        reasons: [
          `rank ${rank + 1}: all-in ${format(candidate.allInRaw)} (price ${candidate.price.toString()}, fee ${format(candidate.feeRaw)}, latency ${format(candidate.latencyRaw)}), ${take} of ${candidate.displayed} displayed`,
        ],
      });
    }
    if (remaining > 0) {
      const best = candidates[0] as Candidate;
      const leg = legs.get(best.venue.name) ?? { quantity: 0, reasons: [] };
      leg.quantity += remaining;
      leg.reasons.push(`${remaining} beyond every displayed size to the best all-in venue`);
      legs.set(best.venue.name, leg);
    }
    return [...legs].map(([venue, leg]) => ({
      venue,
      quantity: leg.quantity,
      reason: `${leg.reasons.join('; ')} [${summary}]`,
    }));
  }

  /** The usable venues, best expected all-in price first (ties: the faster venue, then config order). */
  private rank(request: RouteRequest): Candidate[] {
    const buy = request.side === 'BUY';
    const bySymbol = this.quotes.get(request.symbol);
    const candidates: Candidate[] = [];
    for (const venue of this.venues) {
      const quote = bySymbol?.get(venue.name);
      if (!quote || request.now - quote.time > this.options.maxQuoteAgeMilliseconds) continue;
      const price = buy ? quote.ask : quote.bid;
      const displayed = buy ? quote.askSize : quote.bidSize;
      if (!price.isPositive() || displayed <= 0) continue;
      if (
        request.limitPrice &&
        (buy ? price.raw > request.limitPrice.raw : price.raw < request.limitPrice.raw)
      )
        continue;
      // The fee per share of this leg's likely size (a per-order minimum spreads over the shares).
      const shares = Math.max(1, Math.min(displayed, request.quantity));
      const fee = commissionFor(venue.commission, Quantity.of(shares), price, true);
      const feeRaw = Math.round(fee.raw / shares);
      const latencyRaw = Math.round(
        (price.raw * this.options.latencyCostBasisPointsPerSecond * venue.latencyMilliseconds) / 10_000_000,
      );
      const allInRaw = buy ? price.raw + feeRaw + latencyRaw : price.raw - feeRaw - latencyRaw;
      candidates.push({ venue, price, displayed, allInRaw, feeRaw, latencyRaw });
    }
    return candidates.sort(
      (a, b) =>
        (buy ? a.allInRaw - b.allInRaw : b.allInRaw - a.allInRaw) ||
        a.venue.latencyMilliseconds - b.venue.latencyMilliseconds,
    );
  }

  private summary(request: RouteRequest, candidates: readonly Candidate[]): string {
    const usable = new Set(candidates.map((candidate) => candidate.venue.name));
    const skipped = this.venues
      .filter((venue) => !usable.has(venue.name))
      .map((venue) => `${venue.name} skipped (no fresh two-sided quote within the limit)`);
    const ranked = candidates.map((candidate) => `${candidate.venue.name} ${format(candidate.allInRaw)}`);
    return `${request.side} ${request.quantity} ${request.symbol}: ${[...ranked, ...skipped].join(', ')}`;
  }
}
