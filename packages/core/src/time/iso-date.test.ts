// isoDateTimeAt against Date.UTC: midnight of every valid calendar date, NaN for anything else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDateTime, isoDateTimeAt } from './iso-date.js';

const pad = (value: number, width: number) => String(value).padStart(width, '0');

describe('isoDateTimeAt', () => {
  it('gives midnight UTC of any valid date of years 0000-9999, as Date.UTC does', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z') }),
        (date) => {
          if (Number.isNaN(date.getTime())) return;
          const year = date.getUTCFullYear();
          const month = date.getUTCMonth() + 1;
          const day = date.getUTCDate();
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          const midnight = new Date(0);
          midnight.setUTCFullYear(year, month - 1, day);
          expect(isoDateTime(text)).toBe(midnight.getTime());
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('reads a date in place inside a longer text', () => {
    const line = 'x,2014-01-02,1.5';
    expect(isoDateTimeAt(line, 2, 12)).toBe(Date.UTC(2014, 0, 2));
  });

  it('refuses a day its month does not have, which Date.parse takes for a later date', () => {
    expect(Date.parse('2014-02-30T00:00:00Z')).toBe(Date.UTC(2014, 2, 2));
    for (const text of ['2014-02-29', '1900-02-29', '2014-04-31', '2014-02-30', '2014-01-32'])
      expect(isoDateTime(text)).toBeNaN();
    expect(isoDateTime('2000-02-29')).toBe(Date.UTC(2000, 1, 29));
    expect(isoDateTime('2016-02-29')).toBe(Date.UTC(2016, 1, 29));
  });

  it('refuses month 0 and 13, day 0, other lengths, other separators and non-digits', () => {
    for (const text of [
      '2014-00-10',
      '2014-13-01',
      '2014-01-00',
      '2014-1-02',
      '14-01-02',
      '2014-01-022',
      '2014/01/02',
      '20a4-01-02',
      '2014-0x-02',
      ' 2014-01-02',
      '',
    ])
      expect(isoDateTime(text), text).toBeNaN();
  });
});
