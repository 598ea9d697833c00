// Counts events in a sliding time window (order and message rates): a growable ring of timestamps,
// evicted from the oldest end as the window slides; no allocation once the ring is big enough.
export class SlidingWindowCounter {
  // Empty until the first event: a kernel makes several counters (a backtest one per run), most of
  // which count nothing, and an array past 64 bytes lives outside the heap, with its own bookkeeping.
  private times = new Float64Array(0);
  private head = 0;
  private size = 0;

  /** Records one event at `time` (epoch ms, non-decreasing). */
  record(time: number): void {
    if (this.size === this.times.length) this.grow();
    this.times[(this.head + this.size) % this.times.length] = time;
    this.size++;
  }

  /** Events in (now - window, now]. */
  count(now: number, windowMilliseconds: number): number {
    const oldest = now - windowMilliseconds;
    while (this.size > 0 && (this.times[this.head] as number) <= oldest) {
      this.head = (this.head + 1) % this.times.length;
      this.size--;
    }
    return this.size;
  }

  private grow(): void {
    const bigger = new Float64Array(Math.max(64, this.times.length * 2));
    for (let index = 0; index < this.size; index++)
      bigger[index] = this.times[(this.head + index) % this.times.length] as number;
    this.times = bigger;
    this.head = 0;
  }
}
