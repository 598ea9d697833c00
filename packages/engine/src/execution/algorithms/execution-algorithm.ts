// The shape every execution algorithm has: a cumulative target (what should be filled or working by
// now), when to decide next, and how big one child may be. The scheduler turns the gap between the
// target and what is filled or working into children (catch-up when behind comes for free).
import type { AlgorithmParameters } from './algorithm-parameters.js';

export interface ExecutionAlgorithm {
  readonly parameters: AlgorithmParameters;
  /** Quantity that should be filled or working at `now`, given the market volume seen since the start. */
  target(now: number, marketVolume: number): number;
  /** The next moment after `now` to decide (null: none; events still wake the parent). */
  nextWake(now: number): number | null;
  /** Decide again on every market volume update of the symbol (POV). */
  readonly followsVolume: boolean;
  /** The most one child may be (its `sequence`-th child); Infinity when unbounded. */
  childCap(sequence: number): number;
  /** Send a child only when none is working (an iceberg shows one at a time). */
  readonly oneChildAtATime: boolean;
  /** Filled and working never above this for the market volume seen (POV's max rate); absent: none. */
  ceiling?(marketVolume: number): number;
}

/** Rounds a share count down to whole lots. */
export function toLots(quantity: number, lotSize: number): number {
  return Math.floor(quantity / lotSize) * lotSize;
}
