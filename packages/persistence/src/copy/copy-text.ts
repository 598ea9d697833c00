// Builds PostgreSQL COPY text-format values directly (no per-row arrays): escaping, timestamps, prices.
import { formatRaw } from '@ats/core';

/** Escapes one value for COPY's text format: backslash, tab, newline and carriage return. */
export function copyEscape(value: string): string {
  // The common case (symbols, numbers) has none of the four characters: one scan, no allocation.
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code === 92 || code === 9 || code === 10 || code === 13) {
      return value.replace(/[\\\t\n\r]/g, (character) =>
        character === '\\' ? '\\\\' : character === '\t' ? '\\t' : character === '\n' ? '\\n' : '\\r',
      );
    }
  }
  return value;
}

/** One COPY value, or \N for NULL. */
export function copyValue(value: string | null): string {
  return value === null ? '\\N' : copyEscape(value);
}

/**
 * Formats epoch ms as an ISO-8601 UTC timestamp. Consecutive market data shares its second, so the
 * `YYYY-MM-DDTHH:MM:SS` part is cached and only the milliseconds are formatted per row.
 */
export class TimestampFormatter {
  private second = Number.NaN;
  private prefix = '';

  format(milliseconds: number): string {
    const second = Math.floor(milliseconds / 1000);
    if (second !== this.second) {
      this.second = second;
      this.prefix = new Date(second * 1000).toISOString().slice(0, 19);
    }
    const fraction = milliseconds - second * 1000;
    return `${this.prefix}.${fraction < 10 ? '00' : fraction < 100 ? '0' : ''}${fraction}Z`;
  }
}

/** A raw fixed-point price as decimal text with four places (the DECIMAL(12,4) columns). */
export function priceText(raw: number): string {
  return formatRaw(raw);
}
