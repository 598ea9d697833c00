// Stores quotes (bulk COPY) and bars (upsert by symbol, timeframe and time), and reads them back exactly.
import type { Bar, MarketDataRepository, Quote, Ticker, Timeframe } from '@ats/core';
import { quoteCopyColumns, quotesCopyBytes } from '../copy/quote-copy-text.js';
import type { Database } from '../database.js';
import { millisecondsOf, priceOf, priceOrNull, timestampText } from '../sql-values.js';

/** 9999-12-31T23:59:59.999Z: later instants are valid JS dates but not PostgreSQL timestamps. */
const latestTimestamp = 253_402_300_799_999;

export class SqlMarketDataRepository implements MarketDataRepository {
  constructor(private readonly database: Database) {}

  async appendQuotes(quotes: readonly Quote[]): Promise<void> {
    if (quotes.length === 0) return;
    await this.database.copyText('market_quotes', quoteCopyColumns, quotesCopyBytes(quotes));
  }

  async appendBars(bars: readonly Bar[]): Promise<void> {
    if (bars.length === 0) return;
    // One statement cannot update a row twice: within a batch the last bar of a key wins.
    const unique = new Map<string, Bar>();
    for (const bar of bars) unique.set(`${bar.symbol}|${bar.timeframe}|${bar.time}`, bar);
    const parameters: unknown[] = [];
    const tuples: string[] = [];
    for (const bar of unique.values()) {
      const base = parameters.length;
      parameters.push(
        bar.symbol,
        bar.timeframe,
        timestampText(bar.time),
        bar.open.toString(),
        bar.high.toString(),
        bar.low.toString(),
        bar.close.toString(),
        bar.volume,
        bar.adjustedClose?.toString() ?? null,
      );
      tuples.push(`(${Array.from({ length: 9 }, (_, index) => `$${base + index + 1}`).join(',')})`);
    }
    await this.database.query(
      `INSERT INTO market_ohlcv (symbol, timeframe, timestamp, open_price, high_price, low_price, close_price, volume, adjusted_close)
       VALUES ${tuples.join(',')}
       ON CONFLICT (symbol, timeframe, timestamp) DO UPDATE SET
         open_price = EXCLUDED.open_price, high_price = EXCLUDED.high_price, low_price = EXCLUDED.low_price,
         close_price = EXCLUDED.close_price, volume = EXCLUDED.volume, adjusted_close = EXCLUDED.adjusted_close`,
      parameters,
    );
  }

  async loadBars(symbol: Ticker, timeframe: Timeframe, from: number, to: number): Promise<Bar[]> {
    const rows = await this.database.query(
      `SELECT symbol, timeframe, timestamp, open_price::text AS open, high_price::text AS high, low_price::text AS low,
              close_price::text AS close, volume, adjusted_close::text AS adjusted
       FROM market_ohlcv WHERE symbol = $1 AND timeframe = $2 AND timestamp >= $3 AND timestamp <= $4
       ORDER BY timestamp`,
      [symbol, timeframe, timestampText(Math.max(0, from)), timestampText(Math.min(to, latestTimestamp))],
    );
    return rows.map((row) => {
      const adjusted = priceOrNull(row.adjusted);
      return {
        symbol: row.symbol as Ticker,
        timeframe: row.timeframe as Timeframe,
        time: millisecondsOf(row.timestamp),
        open: priceOf(row.open),
        high: priceOf(row.high),
        low: priceOf(row.low),
        close: priceOf(row.close),
        volume: Number(row.volume),
        ...(adjusted ? { adjustedClose: adjusted } : {}),
      };
    });
  }

  async latestQuotes(symbol: Ticker, limit: number): Promise<Quote[]> {
    const rows = await this.database.query(
      `SELECT symbol, timestamp, price::text AS price, bid::text AS bid, ask::text AS ask, volume, bid_size, ask_size, received_at
       FROM market_quotes WHERE symbol = $1 ORDER BY timestamp DESC, id DESC LIMIT $2`,
      [symbol, limit],
    );
    return rows.map((row) => ({
      symbol: row.symbol as Ticker,
      time: millisecondsOf(row.timestamp),
      receivedAt: row.received_at ? millisecondsOf(row.received_at) : millisecondsOf(row.timestamp),
      last: priceOf(row.price),
      bid: priceOf(row.bid ?? row.price),
      ask: priceOf(row.ask ?? row.price),
      bidSize: Number(row.bid_size ?? 0),
      askSize: Number(row.ask_size ?? 0),
      volume: Number(row.volume ?? 0),
    }));
  }

  async countQuotes(symbol?: Ticker): Promise<number> {
    const rows = symbol
      ? await this.database.query('SELECT count(*)::text AS count FROM market_quotes WHERE symbol = $1', [
          symbol,
        ])
      : await this.database.query('SELECT count(*)::text AS count FROM market_quotes');
    return Number(rows[0]?.count ?? 0);
  }
}
