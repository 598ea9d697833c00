// Writes quotes as market_quotes COPY text in one pass: no per-row arrays, prices from their raw integers.
import type { Quote } from '@ats/core';
import { copyEscape, priceText, TimestampFormatter } from './copy-text.js';

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

/**
 * The COPY text of the quotes, one line each. Symbols repeat, so each one's escaped form is kept; the
 * two timestamps of a row have their own formatters because venue time and receive time differ.
 */
export function quotesCopyText(quotes: readonly Quote[]): string {
  const venueTime = new TimestampFormatter();
  const receivedTime = new TimestampFormatter();
  const symbols = new Map<string, string>();
  let text = '';
  for (let index = 0; index < quotes.length; index++) {
    const quote = quotes[index] as Quote;
    let symbol = symbols.get(quote.symbol);
    if (symbol === undefined) {
      symbol = copyEscape(quote.symbol);
      symbols.set(quote.symbol, symbol);
    }
    text += `${symbol}\t${venueTime.format(quote.time)}\t${priceText(quote.last.raw)}\t${priceText(quote.bid.raw)}\t${priceText(quote.ask.raw)}\t${quote.volume}\t${quote.bidSize}\t${quote.askSize}\t${receivedTime.format(quote.receivedAt)}\n`;
  }
  return text;
}
