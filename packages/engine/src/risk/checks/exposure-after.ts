// The portfolio's gross and net exposure if the order filled at its price (one symbol's value replaced).
import type { CheckContext, OrderCandidate } from './pre-trade-check.js';

export function grossAfter(order: OrderCandidate, context: CheckContext): number {
  const before = context.exposure.values[order.instrumentIndex] as number;
  return context.exposure.gross - Math.abs(before) + Math.abs(order.positionAfter * order.price);
}

export function netAfter(order: OrderCandidate, context: CheckContext): number {
  const before = context.exposure.values[order.instrumentIndex] as number;
  return context.exposure.net - before + order.positionAfter * order.price;
}
