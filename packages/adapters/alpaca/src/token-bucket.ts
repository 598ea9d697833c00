// A token bucket that spaces requests to a rate limit (Alpaca: 200 requests a minute per account).

export interface TokenBucketOptions {
  /** Tokens the bucket holds when full: the burst allowed. */
  readonly capacity: number;
  /** Milliseconds for the bucket to refill completely. */
  readonly refillMilliseconds: number;
  readonly now: () => number;
  readonly sleep: (milliseconds: number) => Promise<void>;
}

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  /** Takers queue so a burst is served in order rather than racing for the same token. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: TokenBucketOptions) {
    this.tokens = options.capacity;
    this.updatedAt = options.now();
  }

  /** Resolves when a token is available and takes it. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.takeInTurn());
    this.queue = turn.catch(() => {});
    return turn;
  }

  private async takeInTurn(): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const perToken = this.options.refillMilliseconds / this.options.capacity;
      await this.options.sleep(Math.ceil((1 - this.tokens) * perToken));
    }
  }

  private refill(): void {
    const now = this.options.now();
    const elapsed = Math.max(0, now - this.updatedAt);
    this.updatedAt = now;
    const added = (elapsed * this.options.capacity) / this.options.refillMilliseconds;
    this.tokens = Math.min(this.options.capacity, this.tokens + added);
  }
}
