// The account's trade history on Binance spot through ccxt's fetchMyTrades: by time within Binance's
// one-day window, by trade id past it, page by page, oldest first, each trade once.
import type { BinanceExchange } from './binance-exchange.js';
import type { BinanceTradeJson } from './binance-wire.js';
import type { CcxtAnswer } from './ccxt-mapping.js';
import type { VenueCalls } from './ccxt-venue-calls.js';

/** Binance answers a myTrades query with at most a day between startTime and endTime. */
const tradeWindowMilliseconds = 24 * 60 * 60 * 1000;
/** Binance's largest myTrades page. */
const tradePageSize = 1000;

export class CcxtTradeHistory {
  constructor(
    private readonly exchange: BinanceExchange,
    private readonly calls: VenueCalls,
    private readonly venue: string,
    private readonly now: () => number,
  ) {}

  /**
   * Trades of one symbol at or after `since`, oldest first, each once. Binance answers a startTime
   * query with at most a day of trades, so within the last day one window is asked (page by page);
   * further back the account's trades are walked by id from the first (bounded by their number,
   * not by the days since).
   */
  async since(symbol: string, since: number): Promise<CcxtAnswer<BinanceTradeJson>[]> {
    if (this.now() - since < tradeWindowMilliseconds) {
      return this.pages(symbol, { startTime: since }, (trade) => trade.time >= since);
    }
    return this.pages(symbol, { fromId: 0 }, (trade) => trade.time >= since);
  }

  /** Trades with an id at or after `fromId`, oldest first. */
  async fromId(symbol: string, fromId: number): Promise<CcxtAnswer<BinanceTradeJson>[]> {
    return this.pages(symbol, { fromId }, () => true);
  }

  private async pages(
    symbol: string,
    start: { readonly startTime: number } | { readonly fromId: number },
    keep: (trade: BinanceTradeJson) => boolean,
  ): Promise<CcxtAnswer<BinanceTradeJson>[]> {
    const seen = new Set<number>();
    const trades: CcxtAnswer<BinanceTradeJson>[] = [];
    let next = start;
    for (;;) {
      const query = next;
      const page = (await this.calls.retried(`${this.venue} trades of ${symbol}`, () =>
        'startTime' in query
          ? this.exchange.fetchMyTrades(symbol, query.startTime, tradePageSize)
          : this.exchange.fetchMyTrades(symbol, undefined, tradePageSize, { fromId: query.fromId }),
      )) as unknown as CcxtAnswer<BinanceTradeJson>[];
      for (const trade of page) {
        if (seen.has(trade.info.id)) continue;
        seen.add(trade.info.id);
        if (keep(trade.info)) trades.push(trade);
      }
      const last = page.at(-1);
      if (page.length < tradePageSize || last === undefined) break;
      // The next page starts after the newest trade of this one.
      next = { fromId: last.info.id + 1 };
    }
    return trades.sort((a, b) => a.info.time - b.info.time || a.info.id - b.info.id);
  }
}
