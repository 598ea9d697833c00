// Five-field cron expressions with names, ranges, steps and lists, evaluated in an IANA time zone.
import { civilFromDayNumber, weekday, ZonedTime } from '@ats/calendar';

interface FieldSpec {
  readonly name: string;
  readonly minimum: number;
  readonly maximum: number;
  readonly names?: readonly string[];
}

const fields: readonly FieldSpec[] = [
  { name: 'minute', minimum: 0, maximum: 59 },
  { name: 'hour', minimum: 0, maximum: 23 },
  { name: 'day of month', minimum: 1, maximum: 31 },
  {
    name: 'month',
    minimum: 1,
    maximum: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'day of week', minimum: 0, maximum: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

function parseValue(text: string, spec: FieldSpec, expression: string): number {
  const upper = text.toUpperCase();
  const named = spec.names?.indexOf(upper) ?? -1;
  if (named >= 0) return spec.name === 'month' ? named + 1 : named;
  if (!/^\d+$/.test(text))
    throw new RangeError(`cron '${expression}': ${spec.name} value '${text}' is not a number or name`);
  const value = Number(text);
  if (value < spec.minimum || value > spec.maximum) {
    throw new RangeError(
      `cron '${expression}': ${spec.name} ${value} is outside ${spec.minimum}-${spec.maximum}`,
    );
  }
  return value;
}

function parseField(text: string, spec: FieldSpec, expression: string): { values: boolean[]; any: boolean } {
  const values = new Array<boolean>(spec.maximum + 1).fill(false);
  for (const part of text.split(',')) {
    const [rangeText, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new RangeError(
        `cron '${expression}': ${spec.name} step '${stepText}' must be a positive integer`,
      );
    let low: number;
    let high: number;
    if (rangeText === '*') {
      low = spec.minimum;
      high = spec.maximum;
    } else if (rangeText.includes('-')) {
      const [from, to] = rangeText.split('-') as [string, string];
      low = parseValue(from, spec, expression);
      high = parseValue(to, spec, expression);
      if (low > high)
        throw new RangeError(`cron '${expression}': ${spec.name} range ${rangeText} runs backwards`);
    } else {
      low = parseValue(rangeText, spec, expression);
      high = stepText === undefined ? low : spec.maximum;
    }
    for (let value = low; value <= high; value += step) values[value] = true;
  }
  return { values, any: text === '*' };
}

/**
 * Supported: `minute hour day-of-month month day-of-week`, each `*`, a number, a name (JAN-DEC,
 * SUN-SAT), a range `a-b`, a step `*\/n` or `a-b/n` or `a/n`, and comma lists. Sunday is 0 or 7.
 * As in Vixie cron, when both day fields are restricted a day matching either one fires.
 * Times are wall-clock times of the time zone: a time skipped by a spring-forward change fires at the
 * same wall time an hour later (the first instant after the gap); a time repeated by a fall-back change
 * fires once, at its first occurrence.
 */
export class CronExpression {
  private readonly minutes: boolean[];
  private readonly hours: boolean[];
  private readonly daysOfMonth: boolean[];
  private readonly months: boolean[];
  private readonly daysOfWeek: boolean[];
  private readonly dayOfMonthAny: boolean;
  private readonly dayOfWeekAny: boolean;
  private readonly zone: ZonedTime;

  constructor(
    readonly expression: string,
    readonly timeZone = 'UTC',
  ) {
    const parts = expression.trim().split(/\s+/);
    if (parts.length !== 5)
      throw new RangeError(
        `cron '${expression}': needs 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`,
      );
    const parsed = parts.map((part, index) => parseField(part, fields[index] as FieldSpec, expression));
    this.minutes = parsed[0]!.values;
    this.hours = parsed[1]!.values;
    this.daysOfMonth = parsed[2]!.values;
    this.months = parsed[3]!.values;
    this.daysOfWeek = parsed[4]!.values;
    if (this.daysOfWeek[7]) this.daysOfWeek[0] = true;
    this.dayOfMonthAny = parsed[2]!.any;
    this.dayOfWeekAny = parsed[4]!.any;
    try {
      this.zone = new ZonedTime(timeZone);
    } catch {
      throw new RangeError(`cron '${expression}': unknown time zone '${timeZone}'`);
    }
  }

  private dayMatches(day: number): boolean {
    const { month, day: dayOfMonth } = civilFromDayNumber(day);
    if (!this.months[month]) return false;
    const byMonthDay = this.daysOfMonth[dayOfMonth] === true;
    const byWeekDay = this.daysOfWeek[weekday(day)] === true;
    if (this.dayOfMonthAny && this.dayOfWeekAny) return true;
    if (this.dayOfMonthAny) return byWeekDay;
    if (this.dayOfWeekAny) return byMonthDay;
    return byMonthDay || byWeekDay;
  }

  /** The first fire time strictly after `after` (epoch ms), searching up to five years ahead. */
  next(after: number): number {
    const start = this.zone.toLocal(after);
    for (let day = start.dayNumber; day <= start.dayNumber + 5 * 366; day++) {
      if (!this.dayMatches(day)) continue;
      for (let hour = 0; hour < 24; hour++) {
        if (!this.hours[hour]) continue;
        for (let minute = 0; minute < 60; minute++) {
          if (!this.minutes[minute]) continue;
          const instant = this.zone.toInstant(day, hour * 60 + minute);
          if (instant > after) return instant;
        }
      }
    }
    throw new RangeError(`cron '${this.expression}': no fire time within five years`);
  }
}
