// Kelly's edge from stored fills counts whole round trips, also when only the newest fills are read and
// the window begins inside a trip (hand-checked on a few fills).
import { describe, expect, it } from 'vitest';
import { type StoredFill, tradeEdgesOf } from './trade-edges-of.js';

const fill = (side: 'BUY' | 'SELL', quantity: number, pnl: number | null): StoredFill => ({
  strategyId: 'alpha',
  symbol: 'AAA',
  side,
  quantity,
  pnl: pnl === null ? null : { toNumber: () => pnl },
});

describe('trade edges of stored fills', () => {
  it('counts a trip closed in three fills as one trade', () => {
    // Buy 30, sell 10 three times (+50, +40, -10): one trip of +80. Then buy 10, sell 10 at -20.
    const fills = [
      fill('BUY', 30, null),
      fill('SELL', 10, 50),
      fill('SELL', 10, 40),
      fill('SELL', 10, -10),
      fill('BUY', 10, 0),
      fill('SELL', 10, -20),
    ];
    // W = 1/2, R = 80 / 20 = 4.
    expect(tradeEdgesOf(fills).edgeOf('alpha')).toEqual({ trades: 2, winRate: 0.5, payoff: 4 });
  });

  it('starts a window that begins inside a trip at the position held before it', () => {
    // The window: the closing SELL 10 (+50) of a long of 10 bought before it, then a trip of -20.
    // Flat now, so the position before the window was 0 - (-10 + 10 - 10) = 10.
    const window = [fill('SELL', 10, 50), fill('BUY', 10, 0), fill('SELL', 10, -20)];
    expect(tradeEdgesOf(window, () => 0).edgeOf('alpha')).toEqual({ trades: 2, winRate: 0.5, payoff: 2.5 });
    // Read as the whole history instead, the first sell would open a short that the buy closes (one
    // "trade" of +50) and the last sell would open another: the wrong count.
    expect(tradeEdgesOf(window).edgeOf('alpha')).toEqual({ trades: 1, winRate: 1, payoff: 0 });
  });
});
