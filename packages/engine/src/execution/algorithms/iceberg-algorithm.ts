// Iceberg: one limit child at a time, of the display size (optionally a seeded smaller size); when it
// fills or ends, the next one is shown. The venue never sees more than the display quantity.
import type { IcebergParameters } from './algorithm-parameters.js';
import type { ExecutionAlgorithm } from './execution-algorithm.js';
import { seededUnit } from './schedule-random.js';

export class IcebergAlgorithm implements ExecutionAlgorithm {
  readonly followsVolume = false;
  readonly oneChildAtATime = true;

  constructor(
    readonly parameters: IcebergParameters,
    private readonly quantity: number,
  ) {}

  target(now: number): number {
    return now < this.parameters.startAt ? 0 : this.quantity;
  }

  nextWake(now: number): number | null {
    return now < this.parameters.startAt ? this.parameters.startAt : null;
  }

  /** The shown size of child `sequence`: the display, or a seeded draw in [display·(1−r), display]. */
  childCap(sequence: number): number {
    const { displayQuantity, displayRandomization, lotSize, seed } = this.parameters;
    if (displayRandomization === 0) return displayQuantity;
    const shown = displayQuantity * (1 - displayRandomization * seededUnit(seed, sequence));
    return Math.max(lotSize, Math.floor(shown / lotSize) * lotSize);
  }
}
