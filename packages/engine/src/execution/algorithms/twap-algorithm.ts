// TWAP: the interval cut into equal slices; each slice's share goes at a seeded random moment inside
// the slice, and the cumulative target makes a late parent catch up at the next slice.
import type { TwapParameters } from './algorithm-parameters.js';
import type { ExecutionAlgorithm } from './execution-algorithm.js';
import { seededUnit } from './schedule-random.js';

export class TwapAlgorithm implements ExecutionAlgorithm {
  readonly followsVolume = false;
  readonly oneChildAtATime = false;
  private readonly sliceLength: number;

  constructor(
    readonly parameters: TwapParameters,
    private readonly quantity: number,
  ) {
    this.sliceLength = (parameters.endAt - parameters.startAt) / parameters.slices;
  }

  /** When slice `index`'s child is due: its start plus a seeded share of its randomized part. */
  sliceTime(index: number): number {
    const { startAt, randomization, seed } = this.parameters;
    return Math.floor(startAt + this.sliceLength * (index + randomization * seededUnit(seed, index)));
  }

  /** Slices due by `now`. */
  slicesDue(now: number): number {
    const { startAt, slices } = this.parameters;
    if (now < startAt) return 0;
    const index = Math.floor((now - startAt) / this.sliceLength);
    if (index >= slices) return slices;
    return index + (this.sliceTime(index) <= now ? 1 : 0);
  }

  target(now: number): number {
    const { lotSize, slices } = this.parameters;
    const due = this.slicesDue(now);
    if (due >= slices) return this.quantity;
    // Whole lots per slice, the remainder in the last one.
    return Math.floor((this.quantity * due) / slices / lotSize) * lotSize;
  }

  nextWake(now: number): number | null {
    const { slices } = this.parameters;
    const due = this.slicesDue(now);
    if (due >= slices) return null;
    return this.sliceTime(due);
  }

  childCap(): number {
    return Number.POSITIVE_INFINITY;
  }
}
