// The position-sizing port: how many shares a signal buys or sells. The risk engine calls it at its one
// sizing site; the sizing strategies (analytics) implement it; the composition root chooses one.
import { fixedText, numberText } from '../values/decimal-text.js';

export interface SizingRequest {
  readonly strategyId: string;
  readonly symbol: string;
  /** +1 for a long target, -1 for a short one. */
  readonly direction: 1 | -1;
  /** The signal's strength, 0..1: a full-strength signal gets the full size. */
  readonly strength: number;
  /** The price the size is computed at (the last mark). */
  readonly price: number;
  readonly lotSize: number;
  /** The account's equity (a float: sizing is statistics; the order quantity is whole lots). */
  readonly equity: number;
  /** The largest position value as a fraction of equity (risk_limits.max_position_size): no sizer exceeds it. */
  readonly maxPositionFraction: number;
}

export interface SizingDecision {
  /** Unsigned quantity in whole lots; 0 means the sizer would not trade. */
  readonly quantity: number;
  /** How the size was reached, with its numbers (shown on the approval). */
  readonly explanation: string;
}

export interface PositionSizer {
  readonly name: string;
  size(request: SizingRequest): SizingDecision;
}

/** The whole lots of `value` at `price`, rounded down (never more than the value buys). */
export function wholeLots(value: number, price: number, lotSize: number): number {
  if (!(value > 0) || !(price > 0) || !(lotSize > 0)) return 0;
  return Math.floor(value / price / lotSize) * lotSize;
}

/**
 * The fixed-fraction size (the risk engine's default): equity × min(fraction, cap) × strength, in whole
 * lots at the price.
 */
export function fixedFractionSize(request: SizingRequest, fraction: number): SizingDecision {
  const applied = Math.min(fraction, request.maxPositionFraction) * request.strength;
  const budget = request.equity * applied;
  const quantity = wholeLots(budget, request.price, request.lotSize);
  return {
    quantity,
    // The text toFixed and String write, made from integers when the numbers are money and prices.
    explanation: `equity ${fixedText(request.equity, 2)} x ${fixedText(applied, 4)} / price ${numberText(request.price)} = ${quantity} (lot ${request.lotSize})`,
  };
}
