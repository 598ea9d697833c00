// Job triggers: cron, fixed intervals, market-calendar times, and bus topics; and their next fire time.
import type { MarketCalendar } from '@ats/calendar';
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

/** Checks a trigger given as data (configuration, REST) and names what is wrong. */
export function parseTrigger(input: unknown): JobTrigger {
  const value = input as Record<string, unknown>;
  if (typeof value !== 'object' || value === null)
    throw new RangeError('trigger must be an object with a type');
  switch (value.type) {
    case 'cron':
      if (typeof value.expression !== 'string')
        throw new RangeError('trigger.expression must be a cron expression');
      new CronExpression(value.expression, (value.timeZone as string | undefined) ?? 'UTC');
      return {
        type: 'cron',
        expression: value.expression,
        ...(typeof value.timeZone === 'string' ? { timeZone: value.timeZone } : {}),
      };
    case 'interval':
      if (typeof value.everyMilliseconds !== 'number' || value.everyMilliseconds < 1_000) {
        throw new RangeError('trigger.everyMilliseconds must be a number of at least 1000');
      }
      return {
        type: 'interval',
        everyMilliseconds: value.everyMilliseconds,
        ...(typeof value.anchor === 'number' ? { anchor: value.anchor } : {}),
      };
    case 'session':
      if (value.at !== 'open' && value.at !== 'close')
        throw new RangeError("trigger.at must be 'open' or 'close'");
      if (value.offsetMinutes !== undefined && !Number.isInteger(value.offsetMinutes))
        throw new RangeError('trigger.offsetMinutes must be an integer');
      return {
        type: 'session',
        at: value.at,
        ...(value.offsetMinutes !== undefined ? { offsetMinutes: value.offsetMinutes as number } : {}),
      };
    case 'session-interval':
      if (!Number.isInteger(value.everyMinutes) || (value.everyMinutes as number) < 1)
        throw new RangeError('trigger.everyMinutes must be a positive integer');
      return { type: 'session-interval', everyMinutes: value.everyMinutes as number };
    case 'topic':
      if (typeof value.topic !== 'string' || value.topic === '')
        throw new RangeError('trigger.topic must name a bus topic');
      return { type: 'topic', topic: value.topic };
    default:
      throw new RangeError(
        `trigger.type '${String(value.type)}' is not one of cron, interval, session, session-interval, topic`,
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
