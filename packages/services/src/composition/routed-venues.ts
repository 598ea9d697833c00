// The Trade Executor's venues for smart order routing (`execution.routing.venues`): one simulated
// venue each (the paper broker with its own books, fees and latency, fed the market quote with its own
// spread and displayed size), behind one routed client; the router sees each venue's own quote.
import { nyseSessionCloseOf } from '@ats/backtest';
import { Money, type OrderId, type Quote } from '@ats/core';
import {
  type ChildRouter,
  PaperExecutionClient,
  RoutedExecutionClient,
  SmartOrderRouter,
  simulatedVenueQuote,
} from '@ats/engine';
import { SqlPaperVenueStore } from '@ats/persistence';
import { PersistentPaperVenue } from '../trade-executor/persistent-paper-venue.js';
import { commissionModelOf, durationMilliseconds } from '../wiring/config-mapping.js';
import { type ExecutionVenue, paperAccountOf } from './execution-venue.js';
import type { ServiceContext } from './service-context.js';

export interface RoutedVenues {
  readonly client: ExecutionVenue;
  readonly router: ChildRouter;
  readonly smartRouter: SmartOrderRouter;
}

/** The configured routing venues, or null when none is configured (one venue, `execution.venue`). */
export function routedVenuesOf(context: ServiceContext): RoutedVenues | null {
  const { config, clock, ids, database, onError } = context;
  const routing = config.execution.routing;
  if (routing.venues.length === 0) return null;
  const startingCash = Money.of(config.account.starting_cash, 'account.starting_cash');
  const smartRouter = new SmartOrderRouter(
    routing.venues.map((venue) => ({
      name: venue.name,
      commission: commissionModelOf(venue.commission),
      latencyMilliseconds: durationMilliseconds(venue.latency),
    })),
    {
      latencyCostBasisPointsPerSecond: routing.latency_cost_bps_per_second,
      maxQuoteAgeMilliseconds: durationMilliseconds(routing.max_quote_age),
    },
  );
  const venues = routing.venues.map((venue) => {
    const latency = durationMilliseconds(venue.latency);
    return {
      quoting: {
        quoteAdjustmentBasisPoints: venue.quote_adjustment_bps,
        displayedSize: venue.displayed_size ?? null,
      },
      client: new PersistentPaperVenue({
        inner: new PaperExecutionClient({
          clock,
          ids,
          venue: venue.name,
          commission: commissionModelOf(venue.commission),
          startingCash,
          account: paperAccountOf(config, startingCash),
          sessionCloseOf: nyseSessionCloseOf(),
          ...(latency > 0 ? { latencyMilliseconds: latency } : {}),
        }),
        store: new SqlPaperVenueStore(database, venue.name),
        startingCash,
        clock,
        onError,
      }),
    };
  });
  const routed = new RoutedExecutionClient(
    venues.map((venue) => venue.client),
    smartRouter.defaultVenue,
  ) as RoutedExecutionClient & ExecutionVenue;
  // Each venue quotes (and fills) the market with its own spread and size; the router sees the same.
  // The router learns every venue's new quote before any venue matches on it: a fill at one venue can
  // lead to the next child's routing at once, which must not see the other venues' older quotes.
  routed.onQuote = (quote: Quote) => {
    const own = venues.map((venue) => simulatedVenueQuote(quote, venue.quoting));
    for (const [index, venue] of venues.entries())
      smartRouter.onVenueQuote(venue.client.venue, own[index] as Quote);
    for (const [index, venue] of venues.entries()) venue.client.onQuote(own[index] as Quote);
  };
  return {
    client: routed,
    smartRouter,
    router: {
      route: (request) => smartRouter.route(request),
      assign: (orderId: OrderId, venue: string) => routed.assign(orderId, venue),
    },
  };
}
