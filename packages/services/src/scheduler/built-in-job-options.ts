// The options each built-in job kind accepts, with their bounds: checked before a job is saved or armed.
import { InvalidInputError } from '@ats/core';

type Bounds = readonly [low: number, high: number];

/** Kind-specific options; a kind absent here takes only the run options every job has. */
const optionsOfKind: Readonly<Record<string, Readonly<Record<string, Bounds>>>> = {
  'pre-open-warm-up': { bars: [1, 10_000] },
  // At least one backup is always kept: retention 0 once deleted every backup in the folder.
  'database-backup': { retention: [1, 3_650] },
  'stale-market-data-check': { maxAgeMilliseconds: [1_000, 86_400_000] },
};

/**
 * The least market time between two runs of the heavy kinds: a backup copies the whole store, a
 * snapshot recomputes the day. Once an hour at most (the defaults run them once a session).
 */
export const builtInJobSpacing: Readonly<Record<string, number>> = {
  'database-backup': 3_600_000,
  'portfolio-snapshot': 3_600_000,
};

/** Run options every job may carry; the scheduler checks their bounds. */
const runOptionNames: ReadonlySet<string> = new Set([
  'concurrency',
  'maxAttempts',
  'initialBackoffMilliseconds',
  'maxBackoffMilliseconds',
  'timeoutMilliseconds',
  'missedRuns',
  'missedRunCap',
]);

/** Throws an InvalidInputError naming the first option that is unknown to the kind or out of bounds. */
export function checkBuiltInJobOptions(kind: string, options: Readonly<Record<string, unknown>>): void {
  const accepted = Object.hasOwn(optionsOfKind, kind) ? (optionsOfKind[kind] ?? {}) : {};
  for (const [name, value] of Object.entries(options)) {
    if (runOptionNames.has(name)) continue;
    if (!Object.hasOwn(accepted, name)) {
      const known = [...Object.keys(accepted), ...runOptionNames].join(', ');
      throw new InvalidInputError(`options.${name}`, `is not an option of '${kind}' jobs; known: ${known}`);
    }
    const [low, high] = accepted[name] as Bounds;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < low || value > high)
      throw new InvalidInputError(`options.${name}`, `must be a whole number from ${low} to ${high}`, value);
  }
}
