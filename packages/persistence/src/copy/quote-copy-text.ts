// Writes quotes as market_quotes COPY rows in one pass, straight into bytes (see copy-buffer.ts).
import type { Quote } from '@ats/core';
import { CopyBuffer } from './copy-buffer.js';

export const quoteCopyColumns = [
  'symbol',
  'timestamp',
  'price',
  'bid',
  'ask',
  'volume',
  'bid_size',
  'ask_size',
  'received_at',
] as const;

/** The COPY payload of the quotes, one line each. */
export function quotesCopyBytes(quotes: readonly Quote[]): Uint8Array {
  const buffer = new CopyBuffer(quotes.length * 100 + 64);
  for (let index = 0; index < quotes.length; index++) {
    const quote = quotes[index] as Quote;
    buffer.text(quote.symbol);
    buffer.tab();
    buffer.timestamp(quote.time);
    buffer.tab();
    buffer.fixedPoint(quote.last.raw);
    buffer.tab();
    buffer.fixedPoint(quote.bid.raw);
    buffer.tab();
    buffer.fixedPoint(quote.ask.raw);
    buffer.tab();
    buffer.integer(quote.volume);
    buffer.tab();
    buffer.integer(quote.bidSize);
    buffer.tab();
    buffer.integer(quote.askSize);
    buffer.tab();
    buffer.timestamp(quote.receivedAt);
    buffer.endRow();
  }
  return buffer.result();
}

/** The same payload as text (for `psql \copy` files and tests). */
export function quotesCopyText(quotes: readonly Quote[]): string {
  return new TextDecoder().decode(quotesCopyBytes(quotes));
}
