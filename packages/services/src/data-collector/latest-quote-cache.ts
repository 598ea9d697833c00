// The latest quote per symbol in Redis (multi-process mode), so any process reads it without the
// collector: the newest quote of each symbol is kept in memory and written every interval, not per quote.
import type { Cache, Quote } from '@ats/core';

export const latestQuoteKey = (symbol: string) => `quote:latest:${symbol}`;

export class LatestQuoteCache {
  private readonly pending = new Map<string, Quote>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly cache: Cache,
    private readonly onError: (error: unknown) => void,
    private readonly everyMilliseconds = 100,
  ) {}

  quote(quote: Quote): void {
    this.pending.set(quote.symbol, quote);
  }

  start(): void {
    this.timer = setInterval(() => void this.flush().catch(this.onError), this.everyMilliseconds);
    this.timer.unref?.();
  }

  async flush(): Promise<void> {
    const quotes = [...this.pending.values()];
    this.pending.clear();
    await Promise.all(
      quotes.map((quote) =>
        this.cache.set(
          latestQuoteKey(quote.symbol),
          JSON.stringify({
            symbol: quote.symbol,
            time: quote.time,
            receivedAt: quote.receivedAt,
            bid: quote.bid.toString(),
            ask: quote.ask.toString(),
            last: quote.last.toString(),
            bidSize: quote.bidSize,
            askSize: quote.askSize,
            volume: quote.volume,
          }),
        ),
      ),
    );
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}
