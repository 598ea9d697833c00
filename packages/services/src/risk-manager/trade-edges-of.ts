// Each strategy's measured edge (for Kelly sizing) from the account's stored fills, by whole round
// trips. When only the newest fills are read, the window may begin inside a round trip: each strategy
// and symbol then starts at the position it held before the window (held now less the window's fills),
// so a trip's closing fills close it instead of opening a phantom trip the other way.
import { TradeEdgeBook } from '@ats/analytics';

export interface StoredFill {
  readonly strategyId: string;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: number;
  /** What the fill realized (0 or null for a fill that opens or adds). */
  readonly pnl: { toNumber(): number } | null;
}

/**
 * The edge book of `fills` (oldest first). `heldNow` is given when `fills` is only the newest part of
 * the history (the position each strategy holds now, in each symbol); without it the fills are the
 * whole history and every trip starts flat.
 */
export function tradeEdgesOf(
  fills: readonly StoredFill[],
  heldNow?: (strategyId: string, symbol: string) => number,
): TradeEdgeBook {
  const book = new TradeEdgeBook();
  const signed = (fill: StoredFill) => (fill.side === 'BUY' ? fill.quantity : -fill.quantity);
  if (heldNow) {
    const moved = new Map<string, { strategyId: string; symbol: string; quantity: number }>();
    for (const fill of fills) {
      const key = `${fill.strategyId}\u0000${fill.symbol}`;
      const entry = moved.get(key) ?? { strategyId: fill.strategyId, symbol: fill.symbol, quantity: 0 };
      entry.quantity += signed(fill);
      moved.set(key, entry);
    }
    for (const { strategyId, symbol, quantity } of moved.values()) {
      const before = heldNow(strategyId, symbol) - quantity;
      if (before !== 0) book.openPosition(strategyId, symbol, before);
    }
  }
  for (const fill of fills)
    book.recordFill(fill.strategyId, fill.symbol, signed(fill), fill.pnl?.toNumber() ?? 0);
  return book;
}
