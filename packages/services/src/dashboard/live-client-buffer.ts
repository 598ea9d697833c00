// One browser's outgoing live events: a bounded buffer that coalesces latest-wins topics and drops the
// oldest of the rest, so a slow client costs a fixed amount of memory and never slows the bus.

/** An event serialized once for every client: its topic, the permission it needs and its SSE frame. */
export interface LiveFrame {
  readonly topic: string;
  /** Latest-wins key (a quote's symbol, the portfolio): a newer frame with the same key replaces it. */
  readonly coalesceKey: string | null;
  readonly text: string;
}

export interface LiveClientCounts {
  /** Frames replaced by a newer one of the same key before they were sent. */
  readonly coalesced: number;
  /** Frames dropped because the buffer was full (oldest first). */
  readonly dropped: number;
  readonly sent: number;
  readonly buffered: number;
}

/**
 * The buffer holds at most `capacity` frames: latest-wins frames in a map by key, the others in a queue
 * in arrival order. Both are drained in the order the frames arrived (a coalesced frame keeps the place
 * of the one it replaced, so the stream stays roughly in time order).
 */
export class LiveClientBuffer {
  private readonly latest = new Map<string, { frame: LiveFrame; order: number }>();
  private readonly queue: { frame: LiveFrame; order: number }[] = [];
  private queueHead = 0;
  private order = 0;
  private coalescedCount = 0;
  private droppedCount = 0;
  private droppedNotSaid = 0;
  private coalescedNotSaid = 0;
  private sentCount = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`live client buffer capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.latest.size + this.queue.length - this.queueHead;
  }

  push(frame: LiveFrame): void {
    const key = frame.coalesceKey;
    if (key !== null) {
      const held = this.latest.get(key);
      if (held) {
        held.frame = frame;
        this.coalescedCount += 1;
        this.coalescedNotSaid += 1;
        return;
      }
    }
    if (this.size >= this.capacity) this.dropOldest();
    const entry = { frame, order: this.order++ };
    if (key !== null) this.latest.set(key, entry);
    else this.queue.push(entry);
  }

  /**
   * Takes up to `limit` frames in arrival order, preceded by a `dropped` notice when frames were lost
   * since the last take, so the page can say it is behind.
   */
  take(limit: number): string[] {
    const out: string[] = [];
    if (this.droppedNotSaid > 0 || this.coalescedNotSaid > 0) {
      out.push(
        `event: dropped\ndata: ${JSON.stringify({ dropped: this.droppedNotSaid, coalesced: this.coalescedNotSaid })}\n\n`,
      );
      this.droppedNotSaid = 0;
      this.coalescedNotSaid = 0;
    }
    // Latest-wins entries are few (one per symbol); sort them once per take and merge with the queue.
    const latest =
      this.latest.size > 0 ? [...this.latest.entries()].sort((a, b) => a[1].order - b[1].order) : [];
    let latestIndex = 0;
    while (out.length < limit) {
      const fromQueue = this.queue[this.queueHead];
      const fromLatest = latest[latestIndex];
      if (!fromQueue && !fromLatest) break;
      if (fromLatest && (!fromQueue || fromLatest[1].order < fromQueue.order)) {
        this.latest.delete(fromLatest[0]);
        latestIndex += 1;
        out.push(fromLatest[1].frame.text);
      } else if (fromQueue) {
        this.queueHead += 1;
        out.push(fromQueue.frame.text);
      }
    }
    this.compact();
    this.sentCount += out.length;
    return out;
  }

  counts(): LiveClientCounts {
    return {
      coalesced: this.coalescedCount,
      dropped: this.droppedCount,
      sent: this.sentCount,
      buffered: this.size,
    };
  }

  private dropOldest(): void {
    const fromQueue = this.queue[this.queueHead];
    let oldestKey: string | null = null;
    let oldestOrder = Number.POSITIVE_INFINITY;
    // The oldest latest-wins entry is found by a scan: the map holds one entry per key, few in practice.
    for (const [key, entry] of this.latest)
      if (entry.order < oldestOrder) {
        oldestOrder = entry.order;
        oldestKey = key;
      }
    if (fromQueue && fromQueue.order < oldestOrder) this.queueHead += 1;
    else if (oldestKey !== null) this.latest.delete(oldestKey);
    else return;
    this.droppedCount += 1;
    this.droppedNotSaid += 1;
    this.compact();
  }

  /** Reclaims the consumed head of the queue once it is large, keeping pushes and takes O(1) amortized. */
  private compact(): void {
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
  }
}
