// The shape of one line of the benchmark table and the helpers that measure and format it.

/** One measured line: a spec target (or a library comparison) and what we measured. */
export interface BenchmarkRow {
  /** Which part of the system, e.g. "Market Data" or "indicators: SMA(30)". */
  readonly component: string;
  /** What is measured, e.g. "quotes/s" or "tick-to-fill latency". */
  readonly metric: string;
  /** The target as text, e.g. "10,000/s" or "< 10 ms"; empty when there is none. */
  readonly target: string;
  /** The measured figure as text, e.g. "2.1M/s" or "median 12 µs, p99 40 µs". */
  readonly measured: string;
  /** How many times better than the target (or than the compared library); NaN when not applicable. */
  readonly ratio: number;
}

/** A suite measures some lines. Suites run one after another, never in parallel. */
export interface BenchmarkSuite {
  readonly name: string;
  run(): Promise<readonly BenchmarkRow[]>;
}

/** Formats an events-per-second figure compactly: 1234567 -> "1.23M/s". */
export function formatRate(perSecond: number): string {
  if (perSecond >= 1e9) return `${(perSecond / 1e9).toFixed(2)}G/s`;
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)}M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k/s`;
  return `${perSecond.toFixed(1)}/s`;
}

/** Formats a duration given in milliseconds with a unit that suits its size. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1e-3) return `${(milliseconds * 1e6).toFixed(0)} ns`;
  if (milliseconds < 1) return `${(milliseconds * 1e3).toFixed(1)} µs`;
  return `${milliseconds.toFixed(2)} ms`;
}

/** Like formatDuration, for a difference that may be negative (a noisy round). */
export function formatSignedDuration(milliseconds: number): string {
  return milliseconds < 0 ? `-${formatDuration(-milliseconds)}` : formatDuration(milliseconds);
}

/** The value at quantile q (0..1) of an already sorted array. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] as number;
}

/**
 * Runs `work` (which performs `operations` operations) repeatedly for at least `minimumMilliseconds`
 * after a warm-up, and returns the best observed operations per second (the least disturbed run).
 */
export function measureThroughput(operations: number, work: () => void, minimumMilliseconds = 400): number {
  for (let warm = 0; warm < 3; warm++) work();
  let best = 0;
  const started = performance.now();
  do {
    const begin = performance.now();
    work();
    const elapsed = performance.now() - begin;
    if (elapsed > 0) best = Math.max(best, (operations / elapsed) * 1000);
  } while (performance.now() - started < minimumMilliseconds);
  return best;
}
