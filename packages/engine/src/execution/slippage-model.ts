// Slippage models of the simulated venues: how far a fill's price moves against the order.
import { Price } from '@ats/core';

export type SlippageModel =
  | { readonly kind: 'none' }
  /** A fixed cost in basis points of the price, against the order (buys higher, sells lower). */
  | { readonly kind: 'fixed-basis-points'; readonly basisPoints: number }
  /**
   * Impact growing with the square of the order's share of the available volume (a bar's or a print's
   * volume, or a quote's displayed size): price × impact × share².
   */
  | { readonly kind: 'volume-share'; readonly impact: number };

export const noSlippage: SlippageModel = { kind: 'none' };

/**
 * The price after slippage. `available` is the volume the share is taken of (0 when unknown: no
 * volume-share impact). The moved price is rounded once to 1/10,000 and never goes below 0.0001.
 */
export function slippedPrice(
  model: SlippageModel,
  base: Price,
  buying: boolean,
  size: number,
  available: number,
): Price {
  let fraction = 0;
  if (model.kind === 'fixed-basis-points') fraction = model.basisPoints / 10_000;
  else if (model.kind === 'volume-share' && available > 0) fraction = model.impact * (size / available) ** 2;
  if (fraction === 0) return base;
  const moved = base.toNumber() * (buying ? 1 + fraction : 1 - fraction);
  return Price.of(Math.max(0.0001, moved));
}
