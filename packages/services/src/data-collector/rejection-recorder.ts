// Keeps refused market data for inspection without slowing the feed: rejections wait in a bounded
// buffer and are written in batches; if the database falls behind, the oldest waiting ones are counted
// as dropped rather than growing memory without limit.
import type { MarketDataRejectionRecord, MarketDataRejectionStore } from '@ats/persistence';

export class RejectionRecorder {
  private waiting: MarketDataRejectionRecord[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private droppedCount = 0;

  constructor(
    private readonly store: MarketDataRejectionStore,
    private readonly onError: (error: unknown) => void,
    private readonly maxWaiting = 10_000,
    private readonly everyMilliseconds = 1_000,
  ) {}

  /** Rejections not kept because the buffer was full. */
  get dropped(): number {
    return this.droppedCount;
  }

  record(rejection: MarketDataRejectionRecord): void {
    if (this.waiting.length >= this.maxWaiting) {
      this.waiting.shift();
      this.droppedCount++;
    }
    this.waiting.push(rejection);
  }

  start(): void {
    this.timer = setInterval(() => void this.flush().catch(this.onError), this.everyMilliseconds);
    this.timer.unref?.();
  }

  /** Writes what waits; one write at a time. */
  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (this.waiting.length === 0) return;
      const batch = this.waiting;
      this.waiting = [];
      await this.store.append(batch);
    });
    return this.writing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}
