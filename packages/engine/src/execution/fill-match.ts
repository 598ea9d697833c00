// What a market event offers one working order: the price it would trade at and how much of it.
import type { Price } from '@ats/core';

export interface FillMatch {
  /** The price before slippage. */
  readonly price: Price;
  /** The most this event can fill for the order (Infinity: no cap). */
  readonly available: number;
  /** The volume a volume-share slippage is measured against (0: unknown). */
  readonly slippageVolume: number;
}

/** A buy limit accepts prices at or below it, a sell limit at or above it; no limit accepts any price. */
export function withinLimit(buying: boolean, limit: Price | null, price: Price): boolean {
  if (limit === null) return true;
  return buying ? price.compare(limit) <= 0 : price.compare(limit) >= 0;
}

/** The share of a volume one order may take, or no cap when no participation is configured. */
export function volumeCap(volume: number, participation: number | undefined): number {
  return participation === undefined ? Number.POSITIVE_INFINITY : Math.floor(volume * participation);
}
