// POV (percentage of volume): the target is a share of the market volume seen since the start, kept
// inside [minRate, maxRate] of that volume; it decides on every volume update of its symbol.
import type { PovParameters } from './algorithm-parameters.js';
import type { ExecutionAlgorithm } from './execution-algorithm.js';

export class PovAlgorithm implements ExecutionAlgorithm {
  readonly followsVolume = true;
  readonly oneChildAtATime = false;

  constructor(
    readonly parameters: PovParameters,
    private readonly quantity: number,
  ) {}

  target(now: number, marketVolume: number): number {
    if (now < this.parameters.startAt) return 0;
    return Math.min(this.quantity, Math.floor(this.parameters.targetRate * marketVolume));
  }

  /** The band's ceiling: filled and working never above maxRate of the volume seen. */
  ceiling(marketVolume: number): number {
    return Math.floor(this.parameters.maxRate * marketVolume);
  }

  nextWake(now: number): number | null {
    const { startAt, endAt } = this.parameters;
    if (now < startAt) return startAt;
    return now < endAt ? endAt : null;
  }

  childCap(): number {
    return Number.POSITIVE_INFINITY;
  }
}
