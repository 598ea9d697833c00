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

/** Hands a taken token back to its bucket's clock: call when the request's answer has come. */
export type TokenDone = () => void;

/**
 * Each spent token comes back exactly one window after its request finished. A bucket refilling
 * continuously would let a burst at the end of one window and the refill of the next reach twice the
 * limit inside one window; and a provider counts a request when it arrives, which is after we send it
 * and before its answer comes back. Counting the window from the answer keeps every window of the
 * provider's clock at or under `capacity`, whatever the network delay.
 */
export class TokenBucket {
  /** The spent tokens and when each returns. */
  private spent: { returnAt: number }[] = [];
  private pausedUntil = 0;
  /** Takers queue so a burst is served in order rather than racing for the same token. */
  private queue: Promise<unknown> = Promise.resolve();
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

  /** Resolves when a token is available and takes it; call the returned function when the request ends. */
  take(): Promise<TokenDone> {
    const turn = this.queue.then(() => this.takeInTurn());
    this.queue = turn.catch(() => {});
    return turn;
  }

  /**
   * The provider said to slow down (HTTP 429, Alpha Vantage's "Note"): no token is handed out for
   * `milliseconds`.
   */
  pauseFor(milliseconds: number): void {
    const until = this.now() + Math.max(0, milliseconds);
    if (until > this.pausedUntil) this.pausedUntil = until;
  }

  /** Tokens available now (for metrics and tests). */
  available(): number {
    this.release(this.now());
    return this.options.capacity - this.spent.length;
  }

  private async takeInTurn(): Promise<TokenDone> {
    for (;;) {
      const now = this.now();
      if (now < this.pausedUntil) {
        await this.sleep(this.pausedUntil - now);
        continue;
      }
      this.release(now);
      if (this.spent.length < this.options.capacity) {
        const token = { returnAt: now + this.options.windowMilliseconds };
        this.spent.push(token);
        return () => {
          token.returnAt = this.now() + this.options.windowMilliseconds;
        };
      }
      const soonest = Math.min(...this.spent.map((token) => token.returnAt));
      await this.sleep(Math.max(1, soonest - now));
    }
  }

  private release(now: number): void {
    this.spent = this.spent.filter((token) => token.returnAt > now);
  }
}

/** Several limits at once (Alpha Vantage: per minute and per day): a request takes a token of each. */
export class TokenBuckets {
  constructor(private readonly buckets: readonly TokenBucket[]) {}

  async take(): Promise<TokenDone> {
    const done: TokenDone[] = [];
    for (const bucket of this.buckets) done.push(await bucket.take());
    return () => {
      for (const each of done) each();
    };
  }

  pauseFor(milliseconds: number): void {
    for (const bucket of this.buckets) bucket.pauseFor(milliseconds);
  }
}
