// How much the next child is: the gap to the algorithm's target, within the participation caps and the
// parent's remainder, in whole lots, no smaller than the minimum unless it completes the parent.
import type { ExecutionAlgorithm } from './execution-algorithm.js';
import type { ParentOrder } from './parent-order.js';

/** The quantity of the child to send now, or 0. Allocation-free: it runs for every decision. */
export function childQuantity(
  parent: ParentOrder,
  algorithm: ExecutionAlgorithm,
  now: number,
  marketVolume: number,
): number {
  if (parent.status !== 'working') return 0;
  if (algorithm.oneChildAtATime && parent.working > 0) return 0;
  const parameters = algorithm.parameters;
  const committed = parent.filled + parent.working;
  const remaining = parent.spec.quantity - committed;
  if (remaining <= 0) return 0;
  let wanted = algorithm.target(now, marketVolume) - committed;
  if (parameters.maxParticipation !== null)
    wanted = Math.min(wanted, Math.floor(parameters.maxParticipation * marketVolume) - committed);
  if (algorithm.ceiling) wanted = Math.min(wanted, algorithm.ceiling(marketVolume) - committed);
  wanted = Math.min(wanted, algorithm.childCap(parent.nextSequence), remaining);
  if (wanted <= 0) return 0;
  if (wanted === remaining) return remaining; // the last child may be an odd lot
  const lots = Math.floor(wanted / parameters.lotSize) * parameters.lotSize;
  return lots >= parameters.minChildQuantity ? lots : 0;
}
