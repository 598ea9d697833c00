// The Clock port and its two implementations: a live clock and a test clock driven by the caller.

// Core compiles without host typings; these two host timers are all the live clock needs.
declare function setTimeout(callback: () => void, milliseconds: number): unknown;
declare function clearTimeout(handle: unknown): void;

/** Time in the platform is epoch milliseconds (UTC). Timers fire through the clock, never setTimeout. */
export interface Clock {
  now(): number;
  /** Calls `callback` once at or after `at`; returns a function that cancels it. */
  setTimer(at: number, callback: () => void): () => void;
}

/** A clock the caller advances: every timer due up to the new time fires, in time order. */
export class TestClock implements Clock {
  private current: number;
  private timers: { at: number; sequence: number; callback: () => void }[] = [];
  private sequence = 0;

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(at: number, callback: () => void): () => void {
    const timer = { at, sequence: this.sequence++, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((entry) => entry !== timer);
    };
  }

  /** Moves time forward to `to`, firing due timers in order; time never moves backward. */
  advanceTo(to: number): void {
    // Kept small: a backtest calls it at every bar, and the optimizing compiler inlines a caller's
    // callees only up to a total size; the rare paths below are calls of their own.
    if (to < this.current) this.refuseBackward(to);
    // No timer set (a backtest's clock, every bar): nothing to look for.
    if (this.timers.length === 0) this.current = to;
    else this.fireDueTimers(to);
  }

  private refuseBackward(to: number): never {
    throw new RangeError(`the test clock cannot go back from ${this.current} to ${to}`);
  }

  /** Fires the timers due up to `to` in time order (then sequence order), and sets the time to `to`. */
  private fireDueTimers(to: number): void {
    for (;;) {
      let next: (typeof this.timers)[number] | undefined;
      for (const timer of this.timers) {
        if (
          timer.at <= to &&
          (!next || timer.at < next.at || (timer.at === next.at && timer.sequence < next.sequence))
        ) {
          next = timer;
        }
      }
      if (!next) break;
      this.timers = this.timers.filter((entry) => entry !== next);
      this.current = Math.max(this.current, next.at);
      next.callback();
    }
    this.current = to;
  }

  advanceBy(milliseconds: number): void {
    this.advanceTo(this.current + milliseconds);
  }
}

/**
 * Market time running `speed` times faster than the wall clock from an anchor: time = origin + (real −
 * realOrigin) × speed. The one formula every accelerated clock uses (the live clock, the simulated
 * market's clock, the clock that follows market time from quotes); this is the only place in core
 * that reads the real time.
 */
export class AcceleratedTime {
  private origin: number;
  private realOrigin: number;

  constructor(
    readonly speed = 1,
    origin?: number,
  ) {
    this.realOrigin = Date.now();
    this.origin = origin ?? this.realOrigin;
  }

  now(): number {
    return this.speed === 1 && this.origin === this.realOrigin
      ? Date.now()
      : Math.floor(this.origin + (Date.now() - this.realOrigin) * this.speed);
  }

  /** Re-anchors: from this real moment on, time runs from `time`. */
  anchorAt(time: number): void {
    this.origin = time;
    this.realOrigin = Date.now();
  }

  /** Real milliseconds until market time `at` (zero when it has passed). */
  realDelayUntil(at: number): number {
    return Math.max(0, (at - this.now()) / this.speed);
  }
}

/** The wall clock, optionally accelerated (a simulated day in minutes). */
export class LiveClock implements Clock {
  private readonly time: AcceleratedTime;

  constructor(speed = 1, origin?: number) {
    this.time = new AcceleratedTime(speed, origin);
  }

  now(): number {
    return this.time.now();
  }

  setTimer(at: number, callback: () => void): () => void {
    const handle = setTimeout(callback, this.time.realDelayUntil(at));
    return () => clearTimeout(handle);
  }
}
