// A request rate limiter in token-bucket form that never lets a window of the published length hold
// more requests than the published limit, and that honours a provider's "slow down" answer.

export interface TokenBucketOptions {
  /** Requests allowed per window: the bucket's tokens. */
  readonly capacity: number;
  /** The window: a spent token returns to the bucket this many milliseconds after it was spent. */
  readonly windowMilliseconds: number;
  readonly now?: () => number;
  /** Waits (core has no timers of its own: the caller passes setTimeout's promise or a test clock). */
  readonly sleep: (milliseconds: number) => Promise<void>;
}

/**
 * Each spent token comes back exactly one window after it was spent. A bucket refilling continuously
 * would let a burst at the end of one window and the refill of the next reach twice the limit inside
 * one window; returning tokens per spend keeps every window of that length at or under `capacity`,
 * which is what a provider counting requests per minute (or per day) checks.
 */
export class TokenBucket {
  /** Times the spent tokens return, oldest first. */
  private readonly returns: number[] = [];
  private pausedUntil = 0;
  /** Takers queue so a burst is served in order rather than racing for the same token. */
  private queue: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private readonly sleep: (milliseconds: number) => Promise<void>;

  constructor(private readonly options: TokenBucketOptions) {
    if (!Number.isInteger(options.capacity) || options.capacity < 1)
      throw new RangeError(`token bucket capacity must be a positive integer, got ${options.capacity}`);
    if (!(options.windowMilliseconds > 0))
      throw new RangeError(`token bucket window must be positive, got ${options.windowMilliseconds}`);
    this.now = options.now ?? (() => Date.now());
    this.sleep = options.sleep;
  }

  /** Resolves when a token is available and takes it. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.takeInTurn());
    this.queue = turn.catch(() => {});
    return turn;
  }

  /**
   * The provider said to slow down (HTTP 429, Alpha Vantage's "Note"): no token is handed out for
   * `milliseconds`, and every token counts as spent until then.
   */
  pauseFor(milliseconds: number): void {
    const until = this.now() + Math.max(0, milliseconds);
    if (until > this.pausedUntil) this.pausedUntil = until;
  }

  /** Tokens available now (for metrics and tests). */
  available(): number {
    this.release(this.now());
    return this.options.capacity - this.returns.length;
  }

  private async takeInTurn(): Promise<void> {
    for (;;) {
      const now = this.now();
      if (now < this.pausedUntil) {
        await this.sleep(this.pausedUntil - now);
        continue;
      }
      this.release(now);
      if (this.returns.length < this.options.capacity) {
        this.returns.push(now + this.options.windowMilliseconds);
        return;
      }
      await this.sleep(Math.max(1, (this.returns[0] ?? now) - now));
    }
  }

  private release(now: number): void {
    while (this.returns.length > 0 && (this.returns[0] ?? 0) <= now) this.returns.shift();
  }
}

/** Several limits at once (Alpha Vantage: per minute and per day): a request takes a token of each. */
export class TokenBuckets {
  constructor(private readonly buckets: readonly TokenBucket[]) {}

  async take(): Promise<void> {
    for (const bucket of this.buckets) await bucket.take();
  }

  pauseFor(milliseconds: number): void {
    for (const bucket of this.buckets) bucket.pauseFor(milliseconds);
  }
}
