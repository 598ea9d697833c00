// A clock that follows market time as seen in market data, for services that do not own the market clock.
import { AcceleratedTime, type Clock } from '@ats/core';

/**
 * In multi-process mode only the Data Collector runs the simulated market's clock; every other
 * service learns market time from the quotes and bars it receives and runs it forward at the same
 * speed between them. Before any data it falls back to the wall clock.
 */
export class MarketTimeClock implements Clock {
  /** Null until the first market timestamp: until then the wall clock. */
  private time: AcceleratedTime | null = null;

  constructor(private readonly speed: number) {}

  /** Records a market timestamp seen in data; time never moves backward. */
  observe(time: number): void {
    if (this.time === null) this.time = new AcceleratedTime(this.speed, time);
    else if (time > this.time.now()) this.time.anchorAt(time);
  }

  now(): number {
    return this.time === null ? Date.now() : this.time.now();
  }

  setTimer(at: number, callback: () => void): () => void {
    const delay = this.time === null ? Math.max(0, at - Date.now()) : this.time.realDelayUntil(at);
    const handle = setTimeout(callback, delay);
    return () => clearTimeout(handle);
  }
}
