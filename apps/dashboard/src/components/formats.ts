// Display formats of the dashboard: money from the API's decimal text, and times in the chosen zone.
import { formatDateTime, formatMoney } from '@ats/charts';
import { signal } from './time-zone-signal.js';

export const exchangeTimeZone = 'America/New_York';
export const userTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The API's money is decimal text ("1234.5600"); only the display turns it into a number. */
export function money(text: unknown, currency = 'USD'): string {
  if (text === null || text === undefined || text === '') return '—';
  return formatMoney(Number(text), currency);
}

export function price(text: unknown): string {
  if (text === null || text === undefined || text === '') return '—';
  return Number(text).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 });
}

export function currentTimeZone(): string {
  return signal.zone === 'exchange' ? exchangeTimeZone : userTimeZone;
}

/** A time in the zone the user picked (exchange or own), with the zone's short name. */
export function time(value: unknown, withSeconds = true): string {
  const epoch = typeof value === 'number' ? value : Date.parse(String(value));
  if (!Number.isFinite(epoch)) return '—';
  return `${formatDateTime(epoch, currentTimeZone(), withSeconds)}`;
}
