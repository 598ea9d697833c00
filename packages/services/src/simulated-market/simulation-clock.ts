// The accelerated clock of the simulated market: wall time scaled by a speed, able to skip closed hours.
import type { Clock } from '@ats/core';

/** Market time = origin + (real elapsed) × speed; `jumpTo` moves market time forward (over a night). */
export class SimulationClock implements Clock {
  private origin: number;
  private realOrigin: number;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    readonly speed: number,
    start: number,
  ) {
    this.origin = start;
    this.realOrigin = Date.now();
  }

  now(): number {
    return Math.floor(this.origin + (Date.now() - this.realOrigin) * this.speed);
  }

  /** Moves market time forward to `time` (never backward). */
  jumpTo(time: number): void {
    if (time <= this.now()) return;
    this.origin = time;
    this.realOrigin = Date.now();
  }

  setTimer(at: number, callback: () => void): () => void {
    const handle = setTimeout(
      () => {
        this.timers.delete(handle);
        callback();
      },
      Math.max(0, (at - this.now()) / this.speed),
    );
    this.timers.add(handle);
    return () => {
      clearTimeout(handle);
      this.timers.delete(handle);
    };
  }

  /** Cancels every pending timer (shutdown). */
  clear(): void {
    for (const handle of this.timers) clearTimeout(handle);
    this.timers.clear();
  }
}
