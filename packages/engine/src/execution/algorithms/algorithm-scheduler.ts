// The algorithm scheduler: every active parent with its algorithm, woken by its schedule (one heap for
// all of them), by market volume of its symbol (POV), or by its own children's events; each wake-up is
// one child decision. Pure and synchronous: the engine around it does the I/O.

import { childQuantity } from './child-decision.js';
import type { ExecutionAlgorithm } from './execution-algorithm.js';
import type { ParentOrder } from './parent-order.js';
import { WakeQueue } from './wake-queue.js';

export interface ScheduledParent {
  readonly parent: ParentOrder;
  readonly algorithm: ExecutionAlgorithm;
  readonly slot: number;
  version: number;
  /** The symbol's cumulative volume when the parent's interval began (undefined before it began). */
  volumeBaseline: number | undefined;
}

/** Called with each child to send: the engine checks risk, records and places it. */
export type ChildHandler = (entry: ScheduledParent, quantity: number, now: number) => void;

export class AlgorithmScheduler {
  private readonly entries: (ScheduledParent | undefined)[] = [];
  private readonly bySlotFree: number[] = [];
  private readonly byId = new Map<string, ScheduledParent>();
  private readonly volumeFollowers = new Map<string, Set<ScheduledParent>>();
  private readonly symbolVolume = new Map<string, number>();
  private readonly queue = new WakeQueue();
  private decisionCount = 0;

  constructor(
    private readonly onChild: ChildHandler,
    /** Called once a parent's schedule has run out past its end time (POV stops there). */
    private readonly onScheduleEnd: (entry: ScheduledParent, now: number) => void = () => {},
    /** How long after its schedule ran out an incomplete parent decides again (market time). */
    private readonly retryMilliseconds = 5_000,
  ) {}

  get decisions(): number {
    return this.decisionCount;
  }

  get activeCount(): number {
    return this.byId.size;
  }

  entry(parentId: string): ScheduledParent | undefined {
    return this.byId.get(parentId);
  }

  add(parent: ParentOrder, algorithm: ExecutionAlgorithm, now: number): ScheduledParent {
    const slot = this.bySlotFree.pop() ?? this.entries.length;
    const entry: ScheduledParent = { parent, algorithm, slot, version: 0, volumeBaseline: undefined };
    this.entries[slot] = entry;
    this.byId.set(parent.id, entry);
    if (algorithm.followsVolume || algorithm.parameters.maxParticipation !== null) {
      let followers = this.volumeFollowers.get(parent.spec.symbol);
      if (!followers) {
        followers = new Set();
        this.volumeFollowers.set(parent.spec.symbol, followers);
      }
      followers.add(entry);
    }
    this.queue.push(Math.max(now, algorithm.parameters.startAt), slot, entry.version);
    return entry;
  }

  remove(parentId: string): void {
    const entry = this.byId.get(parentId);
    if (!entry) return;
    this.byId.delete(parentId);
    this.volumeFollowers.get(entry.parent.spec.symbol)?.delete(entry);
    entry.version++;
    this.entries[entry.slot] = undefined;
    this.bySlotFree.push(entry.slot);
  }

  /** Runs every wake-up due by `now`, in time order. */
  advance(now: number): void {
    const queue = this.queue;
    while (queue.peekTime() <= now) {
      const slot = queue.peekSlot();
      const version = queue.peekVersion();
      queue.pop();
      const entry = this.entries[slot];
      if (!entry || entry.version !== version) continue;
      this.decide(entry, now);
      if (entry.version !== version) continue; // removed while deciding
      const next = entry.algorithm.nextWake(now);
      if (next !== null) this.queue.push(Math.max(next, now + 1), slot, entry.version);
      else if (entry.algorithm.followsVolume) {
        if (now >= entry.algorithm.parameters.endAt) this.onScheduleEnd(entry, now);
      } else if (this.uncommitted(entry) > 0) {
        // The schedule has run out with quantity neither filled nor working (a child refused by risk,
        // or rejected): try again a little later rather than never.
        this.queue.push(now + this.retryMilliseconds, slot, entry.version);
      }
    }
  }

  /** Decides for one parent now (its child filled or ended, it was resumed). */
  evaluate(parentId: string, now: number): void {
    const entry = this.byId.get(parentId);
    if (entry) this.decide(entry, now);
  }

  /**
   * Market volume traded in `symbol` from `tradedAt` (a bar's start, a print's time), known at `now`;
   * it counts for parents whose interval had begun by `tradedAt`. Volume-following parents decide.
   */
  onVolume(symbol: string, volume: number, now: number, tradedAt = now): void {
    const before = this.symbolVolume.get(symbol) ?? 0;
    const followers = this.volumeFollowers.get(symbol);
    // A parent whose interval has begun counts this volume: its baseline is the total before it.
    if (followers)
      for (const entry of followers)
        if (entry.volumeBaseline === undefined && tradedAt >= entry.algorithm.parameters.startAt)
          entry.volumeBaseline = before;
    this.symbolVolume.set(symbol, before + volume);
    if (!followers) return;
    for (const entry of followers) if (entry.algorithm.followsVolume) this.decide(entry, now);
  }

  /** Market volume seen by a parent since its interval began. */
  volumeSeen(entry: ScheduledParent, now: number): number {
    const total = this.symbolVolume.get(entry.parent.spec.symbol) ?? 0;
    if (entry.volumeBaseline === undefined) {
      if (now < entry.algorithm.parameters.startAt) return 0;
      entry.volumeBaseline = total;
    }
    return total - entry.volumeBaseline;
  }

  private uncommitted(entry: ScheduledParent): number {
    const parent = entry.parent;
    return parent.status === 'working' ? parent.spec.quantity - parent.filled - parent.working : 0;
  }

  private decide(entry: ScheduledParent, now: number): void {
    this.decisionCount++;
    const quantity = childQuantity(entry.parent, entry.algorithm, now, this.volumeSeen(entry, now));
    if (quantity > 0) this.onChild(entry, quantity, now);
  }
}
