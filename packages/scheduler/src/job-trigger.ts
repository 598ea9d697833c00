// Job triggers: cron, fixed intervals, market-calendar times, and bus topics; and their next fire time.
import type { MarketCalendar } from '@ats/calendar';
import { InvalidInputError } from '@ats/core';
import { CronExpression } from './cron-expression.js';

export type JobTrigger =
  | { readonly type: 'cron'; readonly expression: string; readonly timeZone?: string }
  | { readonly type: 'interval'; readonly everyMilliseconds: number; readonly anchor?: number }
  /** At the open or close of each session, shifted by minutes (−15 = 15 minutes before). */
  | { readonly type: 'session'; readonly at: 'open' | 'close'; readonly offsetMinutes?: number }
  /** Every N minutes during each regular session, starting at the open. */
  | { readonly type: 'session-interval'; readonly everyMinutes: number }
  /** Whenever an event is published on the topic. */
  | { readonly type: 'topic'; readonly topic: string };

/** The longest interval a trigger may have: a job that fires less than once a year is a mistake. */
export const maximumIntervalMilliseconds = 366 * 86_400_000;

/** Anchors and offsets stay within dates a JavaScript Date can hold with room to add an interval. */
const maximumAnchorMilliseconds = 8_000_000_000_000_000;

function finiteInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** Checks a trigger given as data (configuration, REST) and names the field that is wrong. */
export function parseTrigger(input: unknown): JobTrigger {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new InvalidInputError('trigger', 'must be an object with a type');
  const value = input as Record<string, unknown>;
  switch (value.type) {
    case 'cron': {
      if (typeof value.expression !== 'string' || value.expression.length > 120)
        throw new InvalidInputError(
          'trigger.expression',
          'must be a cron expression of at most 120 characters',
        );
      if (value.timeZone !== undefined && (typeof value.timeZone !== 'string' || value.timeZone.length > 64))
        throw new InvalidInputError('trigger.timeZone', 'must be an IANA time zone name');
      try {
        new CronExpression(value.expression, (value.timeZone as string | undefined) ?? 'UTC');
      } catch (error) {
        throw new InvalidInputError('trigger.expression', (error as Error).message, value.expression);
      }
      return {
        type: 'cron',
        expression: value.expression,
        ...(typeof value.timeZone === 'string' ? { timeZone: value.timeZone } : {}),
      };
    }
    case 'interval':
      if (
        !finiteInteger(value.everyMilliseconds) ||
        value.everyMilliseconds < 1_000 ||
        value.everyMilliseconds > maximumIntervalMilliseconds
      ) {
        throw new InvalidInputError(
          'trigger.everyMilliseconds',
          `must be a whole number from 1000 to ${maximumIntervalMilliseconds} (366 days)`,
          value.everyMilliseconds,
        );
      }
      if (
        value.anchor !== undefined &&
        (!finiteInteger(value.anchor) || Math.abs(value.anchor) > maximumAnchorMilliseconds)
      )
        throw new InvalidInputError('trigger.anchor', 'must be a whole epoch millisecond', value.anchor);
      return {
        type: 'interval',
        everyMilliseconds: value.everyMilliseconds,
        ...(typeof value.anchor === 'number' ? { anchor: value.anchor } : {}),
      };
    case 'session':
      if (value.at !== 'open' && value.at !== 'close')
        throw new InvalidInputError('trigger.at', "must be 'open' or 'close'", value.at);
      if (
        value.offsetMinutes !== undefined &&
        (!finiteInteger(value.offsetMinutes) || Math.abs(value.offsetMinutes) > 1_440)
      )
        throw new InvalidInputError(
          'trigger.offsetMinutes',
          'must be a whole number of minutes from -1440 to 1440',
          value.offsetMinutes,
        );
      return {
        type: 'session',
        at: value.at,
        ...(value.offsetMinutes !== undefined ? { offsetMinutes: value.offsetMinutes as number } : {}),
      };
    case 'session-interval':
      if (!finiteInteger(value.everyMinutes) || value.everyMinutes < 1 || value.everyMinutes > 1_440)
        throw new InvalidInputError(
          'trigger.everyMinutes',
          'must be a whole number of minutes from 1 to 1440',
          value.everyMinutes,
        );
      return { type: 'session-interval', everyMinutes: value.everyMinutes };
    case 'topic':
      if (typeof value.topic !== 'string' || !/^[A-Za-z0-9._*-]{1,200}$/.test(value.topic))
        throw new InvalidInputError('trigger.topic', 'must name a bus topic', value.topic);
      return { type: 'topic', topic: value.topic };
    default:
      throw new InvalidInputError(
        'trigger.type',
        `'${String(value.type)}' is not one of cron, interval, session, session-interval, topic`,
        value.type,
      );
  }
}

/** The first fire time strictly after `after`, or null for a topic trigger (event driven). */
export function nextFireTime(trigger: JobTrigger, after: number, calendar: MarketCalendar): number | null {
  switch (trigger.type) {
    case 'cron':
      return new CronExpression(trigger.expression, trigger.timeZone ?? 'UTC').next(after);
    case 'interval': {
      const anchor = trigger.anchor ?? 0;
      const steps = Math.floor((after - anchor) / trigger.everyMilliseconds) + 1;
      return anchor + steps * trigger.everyMilliseconds;
    }
    case 'session': {
      const offset = (trigger.offsetMinutes ?? 0) * 60_000;
      let date = calendar.localDate(after - Math.max(0, offset));
      for (let guard = 0; guard < 400; guard++) {
        const session = calendar.session(date) ?? calendar.nextSession(date);
        const fire = (trigger.at === 'open' ? session.open : session.close) + offset;
        if (fire > after) return fire;
        date = calendar.nextSession(session.date).date;
      }
      return null;
    }
    case 'session-interval': {
      const every = trigger.everyMinutes * 60_000;
      let date = calendar.localDate(after);
      for (let guard = 0; guard < 400; guard++) {
        const session = calendar.session(date) ?? calendar.nextSession(date);
        if (after < session.open) return session.open;
        const fire = session.open + (Math.floor((after - session.open) / every) + 1) * every;
        if (fire < session.close) return fire;
        date = calendar.nextSession(session.date).date;
      }
      return null;
    }
    case 'topic':
      return null;
  }
}

/** Every fire time in (from, to], at most `cap` of them, oldest first. */
export function fireTimesBetween(
  trigger: JobTrigger,
  from: number,
  to: number,
  calendar: MarketCalendar,
  cap: number,
): number[] {
  const times: number[] = [];
  let cursor = from;
  while (times.length < cap) {
    const next = nextFireTime(trigger, cursor, calendar);
    if (next === null || next > to) break;
    times.push(next);
    cursor = next;
  }
  return times;
}
