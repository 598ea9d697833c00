// The NYSE (and NASDAQ) calendar: 09:30-16:00 New York, pre-market from 04:00, after-hours to 20:00.
import { civilFromDayNumber, formatDate, parseDate, weekday } from './civil-date.js';
import type { MarketCalendar, Session, SessionPhase } from './market-calendar.js';
import { nyseEarlyCloses, nyseHolidays, specialClosures } from './nyse-holidays.js';
import { ZonedTime } from './zoned-time.js';

const regularOpen = 9 * 60 + 30;
const regularClose = 16 * 60;
const preMarketOpen = 4 * 60;
const afterHoursClose = 20 * 60;
export const firstSupportedYear = 1990;
export const lastSupportedYear = 2050;

interface YearRules {
  readonly holidays: Map<number, string>;
  readonly earlyCloses: ReturnType<typeof nyseEarlyCloses>;
}

export class NyseCalendar implements MarketCalendar {
  readonly name = 'XNYS';
  readonly timeZone = 'America/New_York';
  private readonly zone = new ZonedTime(this.timeZone);
  private readonly years = new Map<number, YearRules>();
  private readonly sessions = new Map<number, Session | null>();
  private readonly special = new Map<number, string>(
    Object.entries(specialClosures).map(([date, reason]) => [parseDate(date), reason]),
  );

  isSession(date: string): boolean {
    return this.sessionOfDay(parseDate(date)) !== null;
  }

  session(date: string): Session | null {
    return this.sessionOfDay(parseDate(date));
  }

  closureReason(date: string): string | null {
    const day = parseDate(date);
    if (weekday(day) === 0 || weekday(day) === 6) return 'Weekend';
    return this.special.get(day) ?? this.rules(yearOf(day)).holidays.get(day) ?? null;
  }

  nextSession(date: string): Session {
    return this.sessionAfter(parseDate(date), 1);
  }

  previousSession(date: string): Session {
    return this.sessionAfter(parseDate(date), -1);
  }

  sessionsBetween(from: string, to: string): Session[] {
    const result: Session[] = [];
    for (let day = parseDate(from), last = parseDate(to); day <= last; day++) {
      const session = this.sessionOfDay(day);
      if (session) result.push(session);
    }
    return result;
  }

  isOpen(instant: number): boolean {
    return this.phaseAt(instant) === 'regular';
  }

  phaseAt(instant: number): SessionPhase {
    const session = this.sessionOfDay(this.zone.toLocal(instant).dayNumber);
    if (!session || instant < session.preOpen || instant >= session.postClose) return 'closed';
    if (instant < session.open) return 'pre';
    if (instant < session.close) return 'regular';
    return 'post';
  }

  localDate(instant: number): string {
    return formatDate(this.zone.toLocal(instant).dayNumber);
  }

  nextOpen(instant: number): number {
    const day = this.zone.toLocal(instant).dayNumber;
    const today = this.sessionOfDay(day);
    if (today && instant <= today.open) return today.open;
    return this.sessionAfter(day, 1).open;
  }

  nextClose(instant: number): number {
    const day = this.zone.toLocal(instant).dayNumber;
    const today = this.sessionOfDay(day);
    if (today && instant <= today.close) return today.close;
    return this.sessionAfter(day, 1).close;
  }

  previousOpen(instant: number): number {
    const day = this.zone.toLocal(instant).dayNumber;
    const today = this.sessionOfDay(day);
    if (today && instant >= today.open) return today.open;
    return this.sessionAfter(day, -1).open;
  }

  private sessionAfter(day: number, step: 1 | -1): Session {
    for (let next = day + step, guard = 0; guard < 30; next += step, guard++) {
      const session = this.sessionOfDay(next);
      if (session) return session;
    }
    throw new RangeError(`no NYSE session within 30 days of ${formatDate(day)}`);
  }

  private rules(year: number): YearRules {
    if (year < firstSupportedYear || year > lastSupportedYear) {
      throw new RangeError(
        `the NYSE calendar covers ${firstSupportedYear}-${lastSupportedYear}, not ${year}`,
      );
    }
    let rules = this.years.get(year);
    if (!rules) {
      rules = { holidays: nyseHolidays(year), earlyCloses: nyseEarlyCloses(year) };
      this.years.set(year, rules);
    }
    return rules;
  }

  private sessionOfDay(day: number): Session | null {
    const cached = this.sessions.get(day);
    if (cached !== undefined) return cached;
    let session: Session | null = null;
    const weekdayOfDay = weekday(day);
    const rules = this.rules(yearOf(day));
    if (weekdayOfDay !== 0 && weekdayOfDay !== 6 && !rules.holidays.has(day) && !this.special.has(day)) {
      const early = rules.earlyCloses.get(day);
      session = {
        date: formatDate(day),
        open: this.zone.toInstant(day, regularOpen),
        close: this.zone.toInstant(day, early ? early.closeMinutes : regularClose),
        preOpen: this.zone.toInstant(day, preMarketOpen),
        postClose: this.zone.toInstant(day, afterHoursClose),
        earlyClose: early !== undefined,
      };
    }
    this.sessions.set(day, session);
    return session;
  }
}

function yearOf(day: number): number {
  return civilFromDayNumber(day).year;
}
