// A clock that follows market time as seen in market data, for services that do not own the market clock.
import type { Clock } from '@ats/core';

/**
 * In multi-process mode only the Data Collector runs the simulated market's clock; every other
 * service learns market time from the quotes and bars it receives and runs it forward at the same
 * speed between them. Before any data it falls back to the wall clock.
 */
export class MarketTimeClock implements Clock {
  private marketTime: number | null = null;
  private seenAt = 0;

  constructor(private readonly speed: number) {}

  /** Records a market timestamp seen in data; time never moves backward. */
  observe(time: number): void {
    if (this.marketTime === null || time > this.now()) {
      this.marketTime = time;
      this.seenAt = Date.now();
    }
  }

  now(): number {
    if (this.marketTime === null) return Date.now();
    return Math.floor(this.marketTime + (Date.now() - this.seenAt) * this.speed);
  }

  setTimer(at: number, callback: () => void): () => void {
    const handle = setTimeout(callback, Math.max(0, (at - this.now()) / this.speed));
    return () => clearTimeout(handle);
  }
}
