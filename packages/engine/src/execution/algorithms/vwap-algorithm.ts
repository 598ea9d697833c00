// VWAP: the parent's quantity spread over the minutes of [start, end) in proportion to the symbol's
// historical volume profile by minute of the session; each minute's share is due at its start.
import type { VwapParameters } from './algorithm-parameters.js';
import type { ExecutionAlgorithm } from './execution-algorithm.js';

const minute = 60_000;

export class VwapAlgorithm implements ExecutionAlgorithm {
  readonly followsVolume = false;
  readonly oneChildAtATime = false;
  /** cumulative[i]: share of the parent due once minute (firstMinute + i) has started. */
  private readonly cumulative: Float64Array;
  private readonly firstMinute: number;

  constructor(
    readonly parameters: VwapParameters,
    private readonly quantity: number,
  ) {
    const { profile, sessionOpen, startAt, endAt } = parameters;
    this.firstMinute = Math.max(0, Math.floor((startAt - sessionOpen) / minute));
    const lastMinute = Math.min(profile.length, Math.ceil((endAt - sessionOpen) / minute));
    const count = Math.max(1, lastMinute - this.firstMinute);
    let total = 0;
    for (let m = this.firstMinute; m < this.firstMinute + count; m++) total += profile[m] ?? 0;
    this.cumulative = new Float64Array(count);
    let running = 0;
    for (let i = 0; i < count; i++) {
      running += total > 0 ? (profile[this.firstMinute + i] ?? 0) / total : 1 / count;
      this.cumulative[i] = running;
    }
  }

  /** The share of the parent due at `now` (0..1). */
  shareDue(now: number): number {
    const { sessionOpen, startAt, endAt } = this.parameters;
    if (now < startAt) return 0;
    if (now >= endAt) return 1;
    const index = Math.floor((now - sessionOpen) / minute) - this.firstMinute;
    if (index < 0) return 0;
    if (index >= this.cumulative.length) return 1;
    return this.cumulative[index] as number;
  }

  target(now: number): number {
    const share = this.shareDue(now);
    if (share >= 1 - 1e-12) return this.quantity;
    return Math.floor((this.quantity * share) / this.parameters.lotSize) * this.parameters.lotSize;
  }

  nextWake(now: number): number | null {
    const { sessionOpen, startAt, endAt } = this.parameters;
    if (now < startAt) return startAt;
    const next = sessionOpen + (Math.floor((now - sessionOpen) / minute) + 1) * minute;
    return next < endAt ? next : now < endAt ? endAt : null;
  }

  childCap(): number {
    return Number.POSITIVE_INFINITY;
  }
}
