// Counts requests per key in fixed one-minute windows: in memory for one process; Redis shares the count across processes.

/** Counts a hit of `key` in the current window and returns the count so far (this hit included). */
export interface RateLimitStore {
  hit(key: string, windowMilliseconds: number): Promise<number>;
}

export class InMemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { window: number; count: number }>();
  private sweptWindow = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string, windowMilliseconds: number): Promise<number> {
    const window = Math.floor(this.now() / windowMilliseconds);
    if (window !== this.sweptWindow) {
      // Counters of past windows are dropped once per window, so the map holds one window's keys.
      for (const [name, entry] of this.windows) if (entry.window !== window) this.windows.delete(name);
      this.sweptWindow = window;
    }
    const entry = this.windows.get(key);
    if (entry && entry.window === window) {
      entry.count += 1;
      return entry.count;
    }
    this.windows.set(key, { window, count: 1 });
    return 1;
  }
}
