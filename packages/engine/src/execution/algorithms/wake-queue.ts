// A min-heap of (time, slot) wake-ups in parallel typed arrays: the scheduler's timer for thousands
// of parents without a timer each. Stale entries are skipped by the caller (a per-slot version).

export class WakeQueue {
  // Empty until the first wake-up: every kernel has a queue, most never use it (a backtest without
  // execution algorithms), and three 1,024-entry arrays made per kernel were a tenth of a short run.
  private times = new Float64Array(0);
  private slots = new Int32Array(0);
  private versions = new Int32Array(0);
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(time: number, slot: number, version: number): void {
    if (this.count === this.times.length) this.grow();
    let index = this.count++;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if ((this.times[parent] as number) <= time) break;
      this.move(parent, index);
      index = parent;
    }
    this.times[index] = time;
    this.slots[index] = slot;
    this.versions[index] = version;
  }

  /** The earliest time queued (Infinity when empty). */
  peekTime(): number {
    return this.count === 0 ? Number.POSITIVE_INFINITY : (this.times[0] as number);
  }

  /** Removes the earliest entry; its slot and version are read before with peekSlot/peekVersion. */
  peekSlot(): number {
    return this.slots[0] as number;
  }

  peekVersion(): number {
    return this.versions[0] as number;
  }

  pop(): void {
    const last = --this.count;
    if (last === 0) return;
    const time = this.times[last] as number;
    const slot = this.slots[last] as number;
    const version = this.versions[last] as number;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= last) break;
      const right = left + 1;
      const child =
        right < last && (this.times[right] as number) < (this.times[left] as number) ? right : left;
      if ((this.times[child] as number) >= time) break;
      this.move(child, index);
      index = child;
    }
    this.times[index] = time;
    this.slots[index] = slot;
    this.versions[index] = version;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from] as number;
    this.slots[to] = this.slots[from] as number;
    this.versions[to] = this.versions[from] as number;
  }

  private grow(): void {
    const size = Math.max(1024, this.times.length * 2);
    const times = new Float64Array(size);
    times.set(this.times);
    const slots = new Int32Array(size);
    slots.set(this.slots);
    const versions = new Int32Array(size);
    versions.set(this.versions);
    this.times = times;
    this.slots = slots;
    this.versions = versions;
  }
}
