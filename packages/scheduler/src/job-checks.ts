// Checks a job before it is saved or armed: a registered kind, a trigger that fires within the horizon, bounded options.
import type { MarketCalendar } from '@ats/calendar';
import { InvalidInputError, type JobDefinitionRecord } from '@ats/core';
import { type JobTrigger, nextFireTime, parseTrigger } from './job-trigger.js';

/** How far ahead a trigger's next fire may be; a trigger that never fires would only sit there. */
export const defaultHorizonMilliseconds = 366 * 86_400_000;

/** Names an object inherits; never a job id or kind, even where lookups use a Map. */
export const inheritedNames: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

export interface JobCheckContext {
  /** The registered kinds (own properties only count). */
  readonly kinds: Readonly<Record<string, unknown>>;
  readonly calendar: MarketCalendar;
  /** Now on the trigger clock (market time). */
  readonly now: number;
  readonly horizonMilliseconds: number;
  /** The shortest interval trigger, in trigger-clock ms (the services set one second of wall time). */
  readonly minimumIntervalMilliseconds: number;
  /** Whether topic triggers can be armed (the scheduler has a bus). */
  readonly topicsAvailable: boolean;
  /** The least time between two fires of a kind's jobs (trigger-clock ms), for kinds with heavy runs. */
  readonly minimumSpacingOfKind?: Readonly<Record<string, number>>;
  /** Checks the options of one kind (retention, ages, counts); throws an InvalidInputError. */
  readonly validateOptions?: (kind: string, options: Readonly<Record<string, unknown>>) => void;
}

/** Bounds of the run options every job may carry. */
const runOptionBounds: Readonly<Record<string, readonly [number, number]>> = {
  concurrency: [1, 100],
  maxAttempts: [1, 100],
  initialBackoffMilliseconds: [0, 86_400_000],
  maxBackoffMilliseconds: [0, 86_400_000],
  timeoutMilliseconds: [1, 86_400_000],
  missedRunCap: [1, 10_000],
};

function checkRunOptions(definition: JobDefinitionRecord): void {
  const { options } = definition;
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new InvalidInputError('options', 'must be an object');
  for (const [name, [low, high]] of Object.entries(runOptionBounds)) {
    if (!Object.hasOwn(options, name)) continue;
    const value = options[name];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < low || value > high)
      throw new InvalidInputError(`options.${name}`, `must be a whole number from ${low} to ${high}`, value);
  }
  if (
    Object.hasOwn(options, 'missedRuns') &&
    !['skip', 'run-once', 'run-all'].includes(String(options.missedRuns))
  )
    throw new InvalidInputError(
      'options.missedRuns',
      "must be 'skip', 'run-once' or 'run-all'",
      options.missedRuns,
    );
  if (!Number.isSafeInteger(definition.priority) || Math.abs(definition.priority) > 1_000)
    throw new InvalidInputError('priority', 'must be a whole number from -1000 to 1000', definition.priority);
}

/** The first fire after `now`, or a refusal naming the trigger when it is not within the horizon. */
function checkFiresWithinHorizon(trigger: JobTrigger, context: JobCheckContext): number | null {
  if (trigger.type === 'topic') {
    if (!context.topicsAvailable)
      throw new InvalidInputError('trigger.type', 'topic triggers need a scheduler with a bus');
    return null;
  }
  let next: number | null;
  try {
    next = nextFireTime(trigger, context.now, context.calendar);
  } catch (error) {
    throw new InvalidInputError('trigger', `never fires: ${(error as Error).message}`);
  }
  const days = Math.round(context.horizonMilliseconds / 86_400_000);
  if (next === null || !Number.isFinite(next) || next > context.now + context.horizonMilliseconds)
    throw new InvalidInputError('trigger', `does not fire within ${days} days`);
  return next;
}

/** Refuses a trigger whose first fires come closer together than the kind allows (sampled over three gaps). */
function checkSpacing(trigger: JobTrigger, kind: string, first: number, context: JobCheckContext): void {
  const spacing = context.minimumSpacingOfKind;
  const least = spacing && Object.hasOwn(spacing, kind) ? (spacing[kind] ?? 0) : 0;
  if (least <= 0) return;
  let previous = first;
  for (let gap = 0; gap < 3; gap++) {
    let next: number | null;
    try {
      next = nextFireTime(trigger, previous, context.calendar);
    } catch {
      return;
    }
    if (next === null) return;
    if (next - previous < least)
      throw new InvalidInputError(
        'trigger',
        `fires ${next - previous} ms apart; '${kind}' jobs need at least ${least} ms between runs`,
      );
    previous = next;
  }
}

/** Throws an InvalidInputError naming the field of the first problem; returns the parsed trigger. */
export function checkJobDefinition(definition: JobDefinitionRecord, context: JobCheckContext): JobTrigger {
  if (typeof definition.id !== 'string' || definition.id === '' || inheritedNames.has(definition.id))
    throw new InvalidInputError('id', `'${String(definition.id)}' is not a usable job id`, definition.id);
  if (typeof definition.kind !== 'string' || !Object.hasOwn(context.kinds, definition.kind))
    throw new InvalidInputError(
      'kind',
      `job kind '${String(definition.kind)}' is not registered; known: ${Object.keys(context.kinds).join(', ')}`,
      definition.kind,
    );
  const trigger = parseTrigger(definition.trigger);
  if (trigger.type === 'interval' && trigger.everyMilliseconds < context.minimumIntervalMilliseconds)
    throw new InvalidInputError(
      'trigger.everyMilliseconds',
      `must be at least ${context.minimumIntervalMilliseconds} (one second of wall time at this market speed)`,
      trigger.everyMilliseconds,
    );
  const first = checkFiresWithinHorizon(trigger, context);
  if (first !== null) checkSpacing(trigger, definition.kind, first, context);
  checkRunOptions(definition);
  context.validateOptions?.(definition.kind, definition.options);
  return trigger;
}
