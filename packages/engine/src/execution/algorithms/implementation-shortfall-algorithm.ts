// Implementation Shortfall: the Almgren–Chriss trajectory over N intervals; during interval j the
// parent trades down to the holdings x_{j+1}. Urgency (risk aversion) front-loads the schedule.
import type { ImplementationShortfallParameters } from './algorithm-parameters.js';
import { type AlmgrenChrissTrajectory, almgrenChrissTrajectory } from './almgren-chriss.js';
import type { ExecutionAlgorithm } from './execution-algorithm.js';

/** Length of a trading day in the model's time unit (a regular 6.5-hour session). */
export const sessionMilliseconds = 6.5 * 3_600_000;

export class ImplementationShortfallAlgorithm implements ExecutionAlgorithm {
  readonly followsVolume = false;
  readonly oneChildAtATime = false;
  readonly trajectory: AlmgrenChrissTrajectory;
  private readonly interval: number;

  constructor(
    readonly parameters: ImplementationShortfallParameters,
    private readonly quantity: number,
  ) {
    const { startAt, endAt, slices } = parameters;
    this.interval = (endAt - startAt) / slices;
    this.trajectory = almgrenChrissTrajectory({
      quantity,
      slices,
      horizonDays: (endAt - startAt) / sessionMilliseconds,
      volatility: parameters.volatility,
      riskAversion: parameters.riskAversion,
      temporaryImpact: parameters.temporaryImpact,
      permanentImpact: parameters.permanentImpact,
    });
  }

  target(now: number): number {
    const { startAt, slices, lotSize } = this.parameters;
    if (now < startAt) return 0;
    const interval = Math.floor((now - startAt) / this.interval);
    if (interval >= slices - 1) return this.quantity;
    const remaining = this.trajectory.holdings[interval + 1] as number;
    return Math.floor((this.quantity - remaining) / lotSize) * lotSize;
  }

  nextWake(now: number): number | null {
    const { startAt, slices } = this.parameters;
    if (now < startAt) return startAt;
    const next = Math.floor((now - startAt) / this.interval) + 1;
    return next < slices ? Math.ceil(startAt + next * this.interval) : null;
  }

  childCap(): number {
    return Number.POSITIVE_INFINITY;
  }
}
