// Buffers accepted quotes and bars and writes them in batches, so the hot path never waits on the database.
import type { Bar, MarketDataRepository, Quote } from '@ats/core';
import type { MarketDataSink } from '@ats/engine';

export interface BufferedSinkOptions {
  readonly repository: MarketDataRepository;
  /** Write when this many rows are waiting... */
  readonly maxRows: number;
  /** ...or when the oldest waiting row is this old (real ms). */
  readonly maxDelayMilliseconds: number;
  readonly onError: (error: unknown) => void;
}

/**
 * One write at a time per kind; rows that arrive during a write wait for the next one. A failed
 * batch is kept and retried with the next flush, so a database hiccup loses no market data.
 */
export class BufferedMarketDataSink implements MarketDataSink {
  private quotes: Quote[] = [];
  private bars: Bar[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> | null = null;
  private written = 0;

  constructor(private readonly options: BufferedSinkOptions) {}

  get rowsWritten(): number {
    return this.written;
  }

  quote(quote: Quote): void {
    this.quotes.push(quote);
    this.schedule();
  }

  bar(bar: Bar): void {
    this.bars.push(bar);
    this.schedule();
  }

  /** Writes everything waiting; resolves when it is stored. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.writing) await this.writing;
    if (this.quotes.length === 0 && this.bars.length === 0) return;
    this.writing = this.write().finally(() => {
      this.writing = null;
    });
    await this.writing;
  }

  private schedule(): void {
    if (this.quotes.length + this.bars.length >= this.options.maxRows) {
      void this.flush().catch(this.options.onError);
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.flush().catch(this.options.onError);
      }, this.options.maxDelayMilliseconds);
    }
  }

  private async write(): Promise<void> {
    const quotes = this.quotes;
    const bars = this.bars;
    this.quotes = [];
    this.bars = [];
    try {
      if (quotes.length > 0) await this.options.repository.appendQuotes(quotes);
      this.written += quotes.length;
    } catch (error) {
      this.quotes = quotes.concat(this.quotes);
      this.bars = bars.concat(this.bars);
      throw error;
    }
    try {
      if (bars.length > 0) await this.options.repository.appendBars(bars);
      this.written += bars.length;
    } catch (error) {
      this.bars = bars.concat(this.bars);
      throw error;
    }
  }
}
