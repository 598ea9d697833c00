// Turns LEAN's SPY files into replay records: each trade tick becomes a quote carrying the tick as its
// last price and volume, with the bid and ask of the minute's quote bar at its open.
import type { RawQuote, Ticker } from '@ats/core';
import type { LeanQuoteBar, LeanTick } from './lean-files.js';
import type { ReplayRecord } from './replay-data-client.js';

const minute = 60_000;

/**
 * The ticks as quotes, in file order. LEAN's tick file has trades only; the prevailing bid and ask come
 * from the quote bar of the tick's minute (its open, the state at the start of the minute), or the
 * tick's price on both sides when that minute has no quote bar. Prices are exact decimal text.
 */
export function ticksAsQuotes(
  symbol: Ticker,
  ticks: readonly LeanTick[],
  quoteBars: readonly LeanQuoteBar[],
  source = 'replay',
): ReplayRecord[] {
  const byMinute = new Map(quoteBars.map((bar) => [bar.time - (bar.time % minute), bar]));
  return ticks.map((tick) => {
    const bar = byMinute.get(tick.time - (tick.time % minute));
    const price = decimalText(tick.price);
    const quote: RawQuote = {
      symbol,
      time: tick.time,
      bid: bar ? decimalText(Math.min(bar.bid.open, bar.ask.open)) : price,
      ask: bar ? decimalText(Math.max(bar.bid.open, bar.ask.open)) : price,
      bidSize: bar?.bid.size ?? 0,
      askSize: bar?.ask.size ?? 0,
      last: price,
      volume: tick.size,
      source,
    };
    return { kind: 'quote', time: tick.time, quote };
  });
}

/** Raw 1/10,000 as decimal text (deci-cents are exactly ATS's raw scale). */
function decimalText(raw: number): string {
  const whole = Math.floor(raw / 10_000);
  return `${whole}.${String(raw - whole * 10_000).padStart(4, '0')}`;
}
