// Stored bar history on request, raw or adjusted by the stored corporate actions (splits; dividends too).
import {
  type AdjustmentMode,
  adjustBars,
  type Bar,
  type MarketDataRepository,
  type Price,
  type Ticker,
  type Timeframe,
} from '@ats/core';
import type { SqlCorporateActionRepository } from './corporate-action-repository.js';

/** How far back to look for the session before an ex-date (long weekends and holidays included). */
const lookBackMilliseconds = 10 * 86_400_000;

export class AdjustedHistory {
  constructor(
    private readonly marketData: MarketDataRepository,
    private readonly actions: SqlCorporateActionRepository,
  ) {}

  /**
   * Bars of [from, to) from market_ohlcv: `raw` as stored (as traded), `split` on today's share basis,
   * `all` with dividends taken out too. Actions after `to` count, so any range is on today's basis.
   */
  async bars(
    symbol: Ticker,
    timeframe: Timeframe,
    from: number,
    to: number,
    mode: AdjustmentMode,
  ): Promise<Bar[]> {
    // loadBars includes its end; ATS ranges do not.
    const raw = (await this.marketData.loadBars(symbol, timeframe, from, to)).filter((bar) => bar.time < to);
    if (mode === 'raw' || raw.length === 0) return raw;
    const actions = await this.actions.forSymbol(symbol);
    const lastTime = raw.reduce((latest, bar) => Math.max(latest, bar.time), 0);
    const closes = new Map<number, Price>();
    if (mode === 'all')
      for (const action of actions) {
        if (action.kind !== 'dividend' || action.exDate <= lastTime + 1) continue;
        const before = await this.marketData.loadBars(
          symbol,
          timeframe,
          action.exDate - lookBackMilliseconds,
          action.exDate,
        );
        // loadBars includes its end: only sessions before the ex-date count.
        const last = before
          .filter((bar) => bar.time < action.exDate)
          .reduce<Bar | null>(
            (latest, bar) => (latest === null || bar.time > latest.time ? bar : latest),
            null,
          );
        if (last) closes.set(action.exDate, last.close);
      }
    return adjustBars(raw, actions, mode, closes);
  }
}
