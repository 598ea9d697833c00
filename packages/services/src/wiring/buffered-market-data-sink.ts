// Buffers accepted quotes and bars and writes them in batches, so the hot path never waits on the database.
import type { Bar, MarketDataRepository, Quote } from '@ats/core';
import type { MarketDataSink } from '@ats/engine';

export interface BufferedSinkOptions {
  readonly repository: MarketDataRepository;
  /** Write when this many rows are waiting; no batch is ever larger. */
  readonly maxRows: number;
  /** ...or when the oldest waiting row is this old (real ms). */
  readonly maxDelayMilliseconds: number;
  readonly onError: (error: unknown) => void;
}

/**
 * One writer loop at most, so one write in flight: rows that arrive during a write wait in the buffer
 * and the loop takes them in batches of at most `maxRows` (the old sink started a flush per arriving
 * quote and wrote whatever had piled up, 74,000 rows at once under a burst). A failed batch goes back to
 * the front of the buffer and is retried by the next flush, so a database hiccup loses no market data.
 */
export class BufferedMarketDataSink implements MarketDataSink {
  private quotes: Quote[] = [];
  private bars: Bar[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private draining: Promise<void> | null = null;
  private written = 0;
  private batches = 0;
  private largestBatch = 0;
  /** After a failed write, nothing is retried before the delay (no retry storm while the database is down). */
  private backingOff = false;

  constructor(private readonly options: BufferedSinkOptions) {}

  get rowsWritten(): number {
    return this.written;
  }
  /** Batches written, and the largest (rows): for metrics and the burst test. */
  get batchesWritten(): number {
    return this.batches;
  }
  get largestBatchRows(): number {
    return this.largestBatch;
  }
  get rowsWaiting(): number {
    return this.quotes.length + this.bars.length;
  }

  quote(quote: Quote): void {
    this.quotes.push(quote);
    this.schedule();
  }

  bar(bar: Bar): void {
    this.bars.push(bar);
    this.schedule();
  }

  /** Writes everything waiting (in bounded batches); resolves when it is stored. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // Wait for a running loop, then drain what is left (rows that arrived after it stopped).
    while (this.draining) await this.draining;
    if (this.rowsWaiting === 0) return;
    await this.startDraining(true);
  }

  private schedule(): void {
    if (this.draining) return; // the running loop takes these rows when it gets to them
    if (this.rowsWaiting >= this.options.maxRows && !this.backingOff) {
      void this.startDraining(false).catch(this.options.onError);
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.backingOff = false;
        if (!this.draining) void this.startDraining(true).catch(this.options.onError);
      }, this.options.maxDelayMilliseconds);
    }
  }

  private startDraining(everything: boolean): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.draining = this.drain(everything)
      .catch((error: unknown) => {
        this.backingOff = true;
        throw error;
      })
      .finally(() => {
        this.draining = null;
        // Rows that arrived during the last write start their own delay (or a loop if they are many).
        if (this.rowsWaiting > 0) this.schedule();
      });
    return this.draining;
  }

  /** Writes full batches while there are; with `everything`, also the last partial one. */
  private async drain(everything: boolean): Promise<void> {
    const limit = this.options.maxRows;
    while (this.rowsWaiting >= limit || (everything && this.rowsWaiting > 0)) {
      if (this.quotes.length > 0) {
        const batch = this.quotes.length <= limit ? this.quotes : this.quotes.slice(0, limit);
        this.quotes = batch === this.quotes ? [] : this.quotes.slice(batch.length);
        try {
          await this.options.repository.appendQuotes(batch);
        } catch (error) {
          this.quotes = batch.concat(this.quotes);
          throw error;
        }
        this.count(batch.length);
      } else {
        const batch = this.bars.length <= limit ? this.bars : this.bars.slice(0, limit);
        this.bars = batch === this.bars ? [] : this.bars.slice(batch.length);
        try {
          await this.options.repository.appendBars(batch);
        } catch (error) {
          this.bars = batch.concat(this.bars);
          throw error;
        }
        this.count(batch.length);
      }
    }
  }

  private count(rows: number): void {
    this.written += rows;
    this.batches++;
    if (rows > this.largestBatch) this.largestBatch = rows;
  }
}
