// Calendar fields of an instant in a time zone (day of week, minute of day, month), cached per zone.

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      month: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formats.set(timeZone, format);
  }
  return format;
}

const weekdays: Readonly<Record<string, number>> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

export interface CalendarFields {
  readonly dayOfWeek: number;
  readonly minuteOfDay: number;
  readonly month: number;
}

export function calendarFields(instant: number, timeZone: string): CalendarFields {
  let dayOfWeek = 0;
  let hour = 0;
  let minute = 0;
  let month = 1;
  for (const part of formatFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type === 'weekday') dayOfWeek = weekdays[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
  }
  return { dayOfWeek, minuteOfDay: hour * 60 + minute, month };
}

/** Checks a time zone name once, at pipeline construction, naming the feature. */
export function checkTimeZone(feature: string, timeZone: string): void {
  try {
    formatFor(timeZone);
  } catch {
    throw new RangeError(`${feature}.timeZone: ${JSON.stringify(timeZone)} is not a known time zone`);
  }
}
