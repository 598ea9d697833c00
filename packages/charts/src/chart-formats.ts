// Number, money, percentage and time formatting for charts and tables, in the user's locale.

export type ValueFormat = 'currency' | 'percent' | 'number';

const formatters = new Map<string, Intl.NumberFormat>();

function formatterOf(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}

/** `1234.5` in USD -> `$1,234.50`; the precision is the currency's (2 for USD, 0 for JPY) unless given. */
export function formatMoney(value: number, currency = 'USD', digits?: number): string {
  if (!Number.isFinite(value)) return '—';
  return formatterOf(
    `money:${currency}:${digits}`,
    () =>
      new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency,
        ...(digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits }),
      }),
  ).format(value);
}

/** A fraction as a percentage: `0.1234` -> `12.34%`. */
export function formatPercent(fraction: number, digits = 2): string {
  if (!Number.isFinite(fraction)) return '—';
  return formatterOf(
    `percent:${digits}`,
    () =>
      new Intl.NumberFormat('en-US', {
        style: 'percent',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }),
  ).format(fraction);
}

export function formatNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return '—';
  return formatterOf(
    `number:${digits}`,
    () => new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }),
  ).format(value);
}

export function formatValue(raw: number, format: ValueFormat, currency = 'USD'): string {
  // A tick at a rounding error from zero (or at -0) reads as zero, not "-0.00%".
  const value = Math.abs(raw) < 1e-12 ? 0 : raw;
  if (format === 'currency') return formatMoney(value, currency);
  if (format === 'percent') return formatPercent(value);
  return formatNumber(value);
}

// Building an Intl.DateTimeFormat costs far more than using one: one per zone and precision.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormatOf(timeZone: string, withSeconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}:${withSeconds}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      ...(withSeconds ? { second: '2-digit' } : {}),
      hourCycle: 'h23',
    });
    dateTimeFormats.set(key, format);
  }
  return format;
}

/** Epoch milliseconds as `2024-03-15 09:30` in a time zone (the exchange's or the user's). */
export function formatDateTime(epochMilliseconds: number, timeZone: string, withSeconds = false): string {
  if (!Number.isFinite(epochMilliseconds)) return '—';
  const parts = dateTimeFormatOf(timeZone, withSeconds).formatToParts(new Date(epochMilliseconds));
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  const time = `${part('hour')}:${part('minute')}${withSeconds ? `:${part('second')}` : ''}`;
  return `${part('year')}-${part('month')}-${part('day')} ${time}`;
}

/** Epoch milliseconds as a date `2024-03-15` in a time zone. */
export function formatDate(epochMilliseconds: number, timeZone: string): string {
  return formatDateTime(epochMilliseconds, timeZone).slice(0, 10);
}
