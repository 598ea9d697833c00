// A short in-memory history of the key metrics the monitor samples: a ring per series, oldest dropped.
export interface HistoryPoint {
  readonly at: number;
  readonly value: number;
}

export class MetricHistory {
  private readonly series = new Map<string, HistoryPoint[]>();

  /** Keeps at most `capacity` points per series (the configured history length over the check interval). */
  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`history capacity must be a positive integer, got ${capacity}`);
  }

  record(name: string, at: number, value: number): void {
    if (!Number.isFinite(value)) return;
    let points = this.series.get(name);
    if (!points) {
      points = [];
      this.series.set(name, points);
    }
    points.push({ at, value });
    if (points.length > this.capacity) points.splice(0, points.length - this.capacity);
  }

  names(): string[] {
    return [...this.series.keys()].sort();
  }

  points(name: string, since = 0): HistoryPoint[] {
    return (this.series.get(name) ?? []).filter((point) => point.at >= since);
  }
}
