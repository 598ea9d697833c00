// A parent (algorithm) order: its own state machine (working, paused, completed, canceled) and the
// children it sent, each an ordinary order. Filled and working quantities are sums over the children.
import { InvariantError, type OrderSide } from '@ats/core';
import type { AlgorithmParameters } from './algorithm-parameters.js';

export const parentStatuses = ['working', 'paused', 'completed', 'canceled'] as const;
export type ParentStatus = (typeof parentStatuses)[number];

const legal: Record<ParentStatus, readonly ParentStatus[]> = {
  working: ['paused', 'completed', 'canceled'],
  paused: ['working', 'canceled'],
  completed: [],
  canceled: [],
};

/** The quote when the parent was decided: the arrival price of transaction cost analysis. */
export interface ArrivalQuote {
  readonly bid: number;
  readonly ask: number;
  readonly at: number;
}

export interface ParentOrderSpec {
  readonly id: string;
  readonly accountId: string;
  readonly strategyId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly parameters: AlgorithmParameters;
  readonly createdAt: number;
  readonly arrival: ArrivalQuote | null;
  /** A parent a strategy's signal asked for: its signal and risk assessment (its first child carries them). */
  readonly signalId?: string | null;
  readonly riskAssessmentId?: string | null;
}

export interface ChildState {
  readonly sequence: number;
  readonly orderId: string;
  readonly quantity: number;
  filled: number;
  terminal: boolean;
}

export class ParentOrder {
  status: ParentStatus = 'working';
  statusReason = '';
  filled = 0;
  /** Leaves of children not yet terminal. */
  working = 0;
  /** The next child's sequence number (1-based; restored from the store). */
  nextSequence = 1;
  /** Children whose risk check refused them, for the record. */
  refusedChildren = 0;
  readonly children = new Map<string, ChildState>();

  constructor(readonly spec: ParentOrderSpec) {}

  get id(): string {
    return this.spec.id;
  }

  get remaining(): number {
    return this.spec.quantity - this.filled;
  }

  get isActive(): boolean {
    return this.status === 'working' || this.status === 'paused';
  }

  transition(to: ParentStatus, reason: string): void {
    if (!legal[this.status].includes(to))
      throw new InvariantError(`parent order ${this.id}: ${this.status} cannot become ${to}`);
    if (to === 'completed' && this.filled !== this.spec.quantity)
      throw new InvariantError(
        `parent order ${this.id}: completed with ${this.filled} of ${this.spec.quantity}`,
      );
    this.status = to;
    this.statusReason = reason;
  }

  addChild(sequence: number, orderId: string, quantity: number, filled = 0, terminal = false): ChildState {
    if (this.children.has(orderId))
      throw new InvariantError(`parent ${this.id}: child ${orderId} added twice`);
    const child: ChildState = { sequence, orderId, quantity, filled, terminal };
    this.children.set(orderId, child);
    this.filled += filled;
    if (!terminal) this.working += quantity - filled;
    if (sequence >= this.nextSequence) this.nextSequence = sequence + 1;
    if (this.filled + this.working > this.spec.quantity)
      throw new InvariantError(`parent ${this.id}: children exceed its quantity ${this.spec.quantity}`);
    return child;
  }

  /** A child's order changed: its absolute filled quantity and whether it is done. */
  updateChild(orderId: string, filled: number, terminal: boolean): boolean {
    const child = this.children.get(orderId);
    if (!child) return false;
    if (filled < child.filled) return false; // an older view of the order
    if (!child.terminal) this.working -= child.quantity - child.filled;
    this.filled += filled - child.filled;
    child.filled = filled;
    child.terminal = child.terminal || terminal || filled >= child.quantity;
    if (!child.terminal) this.working += child.quantity - child.filled;
    return true;
  }

  workingChildren(): ChildState[] {
    return [...this.children.values()].filter((child) => !child.terminal);
  }
}
