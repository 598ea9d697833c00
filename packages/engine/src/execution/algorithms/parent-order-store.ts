// The store port of parent orders: a parent and each child are written before they act (the child
// before it is placed), so a restart resumes every active parent from the store, not from memory.
import type { MaybePromise } from '../maybe-async.js';
import type { ParentOrderSpec, ParentStatus } from './parent-order.js';

export interface ChildOrderRecord {
  readonly parentId: string;
  readonly sequence: number;
  readonly orderId: string;
  readonly quantity: number;
  readonly decidedAt: number;
  /** The venue chosen for it and why (smart routing); null when there is one venue. */
  readonly venue: string | null;
  readonly routeReason: string | null;
}

export interface StoredChild extends ChildOrderRecord {
  /** Whether its order was stored (placed); false: the process died between the two writes. */
  readonly placed: boolean;
  readonly filled: number;
  readonly terminal: boolean;
  /** Its stored executions (venue|execution id), so a fill event seen again is not counted twice. */
  readonly executions: readonly string[];
}

export interface StoredParent {
  readonly spec: ParentOrderSpec;
  readonly status: ParentStatus;
  readonly statusReason: string;
  readonly children: readonly StoredChild[];
}

/** Latency stages stored per child for transaction cost analysis; a fill sets the first and the last fill. */
export type ChildStage = 'submitted' | 'acknowledged' | 'fill';

export interface ParentOrderStore {
  /** Stores a new parent; false when one with its id is already stored (a redelivered request). */
  createParent(spec: ParentOrderSpec): MaybePromise<boolean>;
  updateStatus(parentId: string, status: ParentStatus, reason: string, at: number): MaybePromise<void>;
  recordChild(child: ChildOrderRecord): MaybePromise<void>;
  /** Records when a child reached a stage (the first submission and acknowledgement; first and last fill). */
  recordStage(orderId: string, stage: ChildStage, at: number): MaybePromise<void>;
  /** Parents still working or paused, with their children and the children's order state. */
  loadActive(accountId: string): Promise<StoredParent[]>;
}

/** The store of a backtest or a benchmark: keeps everything in memory. */
export class InMemoryParentOrderStore implements ParentOrderStore {
  readonly parents = new Map<string, { spec: ParentOrderSpec; status: ParentStatus; reason: string }>();
  readonly children = new Map<string, ChildOrderRecord>();
  readonly stages = new Map<string, Partial<Record<ChildStage | 'first_fill' | 'last_fill', number>>>();

  createParent(spec: ParentOrderSpec): boolean {
    if (this.parents.has(spec.id)) return false;
    this.parents.set(spec.id, { spec, status: 'working', reason: '' });
    return true;
  }

  updateStatus(parentId: string, status: ParentStatus, reason: string): void {
    const parent = this.parents.get(parentId);
    if (parent) {
      parent.status = status;
      parent.reason = reason;
    }
  }

  recordChild(child: ChildOrderRecord): void {
    this.children.set(child.orderId, child);
  }

  recordStage(orderId: string, stage: ChildStage, at: number): void {
    const stages = this.stages.get(orderId) ?? {};
    if (stage === 'fill') {
      stages.first_fill ??= at;
      stages.last_fill = at;
    } else stages[stage] ??= at;
    this.stages.set(orderId, stages);
  }

  async loadActive(): Promise<StoredParent[]> {
    return [];
  }
}
