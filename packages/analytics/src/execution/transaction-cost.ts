// Transaction cost analysis of one order or parent: slippage against arrival, interval VWAP and close
// in basis points; implementation shortfall split into delay, trading and opportunity cost (Perold,
// "The implementation shortfall: paper versus reality", J. Portfolio Management 14(3), 1988); fill
// rate, fees and the latency of each stage. Money is exact (1/10,000 integers); ratios are numbers.
import { Money, type OrderSide, Price } from '@ats/core';

export interface TcaFill {
  readonly price: Price;
  readonly quantity: number;
  readonly commission: Money;
  readonly at: number;
  readonly venue: string;
}

export interface TcaInput {
  readonly side: OrderSide;
  /** What was asked for. */
  readonly quantity: number;
  /** The decision time and the arrival price (the mid of the quote then). */
  readonly decidedAt: number;
  readonly arrivalPrice: Price | null;
  /** The market price when the first order (child) reached the venue: delay cost is arrival to this. */
  readonly firstSubmitPrice: Price | null;
  /** The market price at the end (cancellation or last fill): unfilled shares cost arrival to this. */
  readonly endPrice: Price | null;
  readonly intervalVwap: Price | null;
  readonly closePrice: Price | null;
  readonly fills: readonly TcaFill[];
  /** Latency stages (epoch ms), null when not reached. */
  readonly submittedAt: number | null;
  readonly acknowledgedAt: number | null;
}

export interface TransactionCost {
  readonly filledQuantity: number;
  readonly fillRate: number;
  readonly averagePrice: Price | null;
  readonly slippageArrivalBps: number | null;
  readonly slippageVwapBps: number | null;
  readonly slippageCloseBps: number | null;
  readonly delayCost: Money | null;
  readonly tradingCost: Money | null;
  readonly opportunityCost: Money | null;
  /** (delay + trading + opportunity + fees) / (arrival × quantity), in bps. */
  readonly shortfallBps: number | null;
  readonly commissions: Money;
  readonly decisionToSubmitMs: number | null;
  readonly submitToAckMs: number | null;
  readonly ackToFirstFillMs: number | null;
  readonly firstToLastFillMs: number | null;
  readonly venues: readonly string[];
}

/** Signed slippage in bps: positive is a cost (paid above the benchmark on a buy, below it on a sell). */
export function slippageBps(side: OrderSide, price: number, benchmark: number): number {
  const sign = side === 'BUY' ? 1 : -1;
  return (sign * (price - benchmark) * 10_000) / benchmark;
}

export function transactionCost(input: TcaInput): TransactionCost {
  const sign = input.side === 'BUY' ? 1 : -1;
  let filled = 0;
  // Σ price × quantity, exact in 1/10,000.
  let notionalRaw = 0;
  let commissionRaw = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const venues = new Set<string>();
  for (const fill of input.fills) {
    filled += fill.quantity;
    notionalRaw += fill.price.raw * fill.quantity;
    commissionRaw += fill.commission.raw;
    first = Math.min(first, fill.at);
    last = Math.max(last, fill.at);
    venues.add(fill.venue);
  }
  const averagePrice = filled > 0 ? Price.fromRaw(Math.round(notionalRaw / filled)) : null;
  const average = filled > 0 ? notionalRaw / filled / 10_000 : null;
  const bps = (benchmark: Price | null) =>
    average !== null && benchmark?.isPositive()
      ? slippageBps(input.side, average, benchmark.toNumber())
      : null;
  const arrival = input.arrivalPrice;
  const submitPrice = input.firstSubmitPrice ?? arrival;
  const endPrice = input.endPrice ?? arrival;
  let delay: Money | null = null;
  let trading: Money | null = null;
  let opportunity: Money | null = null;
  let shortfall: number | null = null;
  if (arrival?.isPositive() && submitPrice && endPrice) {
    delay = Money.fromRaw(sign * (submitPrice.raw - arrival.raw) * filled);
    trading = Money.fromRaw(sign * (notionalRaw - submitPrice.raw * filled));
    opportunity = Money.fromRaw(sign * (endPrice.raw - arrival.raw) * (input.quantity - filled));
    const totalRaw = delay.raw + trading.raw + opportunity.raw + commissionRaw;
    shortfall = (totalRaw * 10_000) / (arrival.raw * input.quantity);
  }
  const gap = (from: number | null, to: number | null) =>
    from !== null && to !== null && Number.isFinite(from) && Number.isFinite(to) ? to - from : null;
  const firstFill = filled > 0 ? first : null;
  const lastFill = filled > 0 ? last : null;
  return {
    filledQuantity: filled,
    fillRate: input.quantity > 0 ? filled / input.quantity : 0,
    averagePrice,
    slippageArrivalBps: bps(arrival),
    slippageVwapBps: bps(input.intervalVwap),
    slippageCloseBps: bps(input.closePrice),
    delayCost: delay,
    tradingCost: trading,
    opportunityCost: opportunity,
    shortfallBps: shortfall,
    commissions: Money.fromRaw(commissionRaw),
    decisionToSubmitMs: gap(input.decidedAt, input.submittedAt),
    submitToAckMs: gap(input.submittedAt, input.acknowledgedAt),
    ackToFirstFillMs: gap(input.acknowledgedAt ?? input.submittedAt, firstFill),
    firstToLastFillMs: gap(firstFill, lastFill),
    venues: [...venues].sort(),
  };
}
