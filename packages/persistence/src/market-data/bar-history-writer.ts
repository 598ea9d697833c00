// Writes history bars by COPY into a staging table and moves them into market_ohlcv with an upsert,
// in one transaction with the backfill's progress: reruns and resumed runs never duplicate a bar.
import { randomUUID } from 'node:crypto';
import type { Bar } from '@ats/core';
import { copyEscape, priceText, TimestampFormatter } from '../copy/copy-text.js';
import type { Database, Queryable } from '../database.js';

const stagingColumns = [
  'batch_id',
  'symbol',
  'timeframe',
  'timestamp',
  'open_price',
  'high_price',
  'low_price',
  'close_price',
  'volume',
  'adjusted_close',
] as const;

/** The COPY text of bars for the staging table, tagged with the batch. */
export function barsCopyText(batch: string, bars: readonly Bar[]): string {
  const time = new TimestampFormatter();
  let text = '';
  for (const bar of bars) {
    const adjusted = bar.adjustedClose === undefined ? '\\N' : priceText(bar.adjustedClose.raw);
    text += `${batch}\t${copyEscape(bar.symbol)}\t${copyEscape(bar.timeframe)}\t${time.format(bar.time)}\t${priceText(bar.open.raw)}\t${priceText(bar.high.raw)}\t${priceText(bar.low.raw)}\t${priceText(bar.close.raw)}\t${bar.volume}\t${adjusted}\n`;
  }
  return text;
}

export class BarHistoryWriter {
  constructor(private readonly database: Database) {}

  /**
   * Stores the bars (the last of a duplicated key wins) and then runs `alongside` in the same
   * transaction (the progress record). Returns how many bars were new or changed.
   */
  async write(bars: readonly Bar[], alongside?: (transaction: Queryable) => Promise<void>): Promise<number> {
    const batch = randomUUID();
    if (bars.length > 0)
      await this.database.copyText('market_ohlcv_staging', stagingColumns, barsCopyText(batch, bars));
    try {
      return await this.database.transaction(async (transaction) => {
        const rows = await transaction.query<{ count: string }>(
          `WITH latest AS (
             SELECT DISTINCT ON (symbol, timeframe, timestamp) * FROM market_ohlcv_staging
             WHERE batch_id = $1 ORDER BY symbol, timeframe, timestamp, ctid DESC
           ), written AS (
             INSERT INTO market_ohlcv (symbol, timeframe, timestamp, open_price, high_price, low_price, close_price, volume, adjusted_close)
             SELECT symbol, timeframe, timestamp, open_price, high_price, low_price, close_price, volume, adjusted_close FROM latest
             ON CONFLICT (symbol, timeframe, timestamp) DO UPDATE SET
               open_price = EXCLUDED.open_price, high_price = EXCLUDED.high_price, low_price = EXCLUDED.low_price,
               close_price = EXCLUDED.close_price, volume = EXCLUDED.volume, adjusted_close = EXCLUDED.adjusted_close
             WHERE (market_ohlcv.open_price, market_ohlcv.high_price, market_ohlcv.low_price, market_ohlcv.close_price,
                    market_ohlcv.volume, market_ohlcv.adjusted_close)
               IS DISTINCT FROM (EXCLUDED.open_price, EXCLUDED.high_price, EXCLUDED.low_price, EXCLUDED.close_price,
                    EXCLUDED.volume, EXCLUDED.adjusted_close)
             RETURNING 1
           )
           SELECT count(*)::text AS count FROM written`,
          [batch],
        );
        await transaction.query('DELETE FROM market_ohlcv_staging WHERE batch_id = $1', [batch]);
        if (alongside) await alongside(transaction);
        return Number(rows[0]?.count ?? 0);
      });
    } catch (error) {
      await this.database
        .query('DELETE FROM market_ohlcv_staging WHERE batch_id = $1', [batch])
        .catch(() => {});
      throw error;
    }
  }
}
