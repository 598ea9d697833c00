// The accelerated clock of the simulated market: wall time scaled by a speed, able to skip closed hours.
import { AcceleratedTime, type Clock } from '@ats/core';

interface Timer {
  readonly at: number;
  readonly callback: () => void;
  handle: ReturnType<typeof setTimeout> | null;
}

/**
 * Market time = origin + (real elapsed) × speed. `jumpTo` moves market time forward (over a night);
 * pending timers are re-armed then, so a timer whose time the jump passed fires at once, in time order.
 */
export class SimulationClock implements Clock {
  private readonly time: AcceleratedTime;
  private readonly timers = new Set<Timer>();

  constructor(
    readonly speed: number,
    start: number,
  ) {
    this.time = new AcceleratedTime(speed, start);
  }

  now(): number {
    return this.time.now();
  }

  /** Moves market time forward to `time` (never backward). */
  jumpTo(time: number): void {
    if (time <= this.now()) return;
    this.time.anchorAt(time);
    const pending = [...this.timers].sort((a, b) => a.at - b.at);
    for (const timer of pending) {
      if (timer.handle) clearTimeout(timer.handle);
      this.arm(timer);
    }
  }

  setTimer(at: number, callback: () => void): () => void {
    const timer: Timer = { at, callback, handle: null };
    this.timers.add(timer);
    this.arm(timer);
    return () => {
      if (timer.handle) clearTimeout(timer.handle);
      this.timers.delete(timer);
    };
  }

  /** Cancels every pending timer (shutdown). */
  clear(): void {
    for (const timer of this.timers) if (timer.handle) clearTimeout(timer.handle);
    this.timers.clear();
  }

  private arm(timer: Timer): void {
    timer.handle = setTimeout(() => {
      this.timers.delete(timer);
      timer.callback();
    }, this.time.realDelayUntil(timer.at));
  }
}
