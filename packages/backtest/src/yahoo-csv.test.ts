// Tests that the Yahoo CSV reader keeps every bundled price exact: each equals a decimal parse of its text.
import { readdirSync, readFileSync } from 'node:fs';
import type { Ticker } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { parseYahooCsv } from './yahoo-csv.js';

const folder = new URL('../fixtures/', import.meta.url);
const files = readdirSync(folder).filter((name) => /^[a-z]+-\d{4}-\d{4}\.txt$/.test(name));

/** An independent exact reading (BigInt, no float): the text's value in 1/10,000, half to even. */
function exactRaw(text: string): number {
  const [whole = '0', fraction = ''] = text.split('.');
  const digits = fraction.length;
  const value = BigInt(whole + fraction);
  if (digits <= 4) return Number(value * 10n ** BigInt(4 - digits));
  const divisor = 10n ** BigInt(digits - 4);
  let quotient = value / divisor;
  const twice = (value % divisor) * 2n;
  if (twice > divisor || (twice === divisor && quotient % 2n === 1n)) quotient += 1n;
  return Number(quotient);
}

describe('parseYahooCsv', () => {
  it.each(files)('reads every price of %s exactly as its decimal text', (file) => {
    const text = readFileSync(new URL(file, folder), 'utf8');
    const bars = parseYahooCsv(text, { symbol: 'TEST' as Ticker });
    const rows = text.trim().split(/\r?\n/).slice(1);
    expect(bars).toHaveLength(rows.length);
    rows.forEach((row, index) => {
      const cells = row.split(',');
      const bar = bars[index];
      const read = [bar?.open.raw, bar?.high.raw, bar?.low.raw, bar?.close.raw, bar?.adjustedClose?.raw];
      const expected = cells.slice(1, 6).map(exactRaw);
      if (read.some((raw, position) => raw !== expected[position])) {
        expect({ row, read }).toEqual({ row, read: expected });
      }
    });
  });

  it('names the line and column of a price that is not a decimal', () => {
    const text =
      'Date,Open,High,Low,Close,Adj Close,Volume\n2014-01-02,1,2,0.5,1.5,1.5,100\n2014-01-03,1e3,2,0.5,1.5,1.5,100\n';
    expect(() => parseYahooCsv(text, { symbol: 'TEST' as Ticker })).toThrow(/line 3 Open/);
  });

  it('refuses a day its month does not have (Date.parse took 2014-02-30 for March 2nd), naming the line', () => {
    const text =
      'Date,Open,High,Low,Close,Adj Close,Volume\n2014-02-28,1,2,0.5,1.5,1.5,100\n2014-02-30,1,2,0.5,1.5,1.5,100\n';
    expect(() => parseYahooCsv(text, { symbol: 'TEST' as Ticker })).toThrow(
      /line 3 Date: '2014-02-30' is not a date/,
    );
  });

  it('names a line with too few or too many fields, an unordered date and a bad volume', () => {
    const header = 'Date,Open,High,Low,Close,Adj Close,Volume\n';
    const good = '2014-01-02,1,2,0.5,1.5,1.5,100\n';
    const read = (rows: string) => () => parseYahooCsv(header + rows, { symbol: 'TEST' as Ticker });
    expect(read(`${good}2014-01-03,1,2,0.5,1.5,100\n`)).toThrow(/line 3: has 6 fields, expected 7/);
    expect(read(`${good}2014-01-03,1,2,0.5,1.5,1.5,100,7\n`)).toThrow(/line 3: has 8 fields, expected 7/);
    expect(read(`${good}\n${good}`)).toThrow(/line 3: has 1 fields, expected 7/);
    expect(read(`${good}${good}`)).toThrow(/line 3 Date: 2014-01-02 is not after the previous row/);
    expect(read('2014-01-02,1,2,0.5,1.5,1.5,-4\n')).toThrow(/line 2 Volume: '-4' is not a whole/);
    expect(read('2014-01-02,1,2,0.5,1.5,1.5,1.5\n')).toThrow(/line 2 Volume: '1.5' is not a whole/);
    expect(read('2014-01-02,1,2,0.5,1.5,0,100\n')).toThrow(/line 2 Adj Close: '0' is not a positive price/);
    expect(read('2014-01-02,1,1.2,0.5,1.5,1.5,100\n')).toThrow(/line 2 High\/Low: high 1.2 and low 0.5/);
    expect(() => parseYahooCsv('Date,Open\n', { symbol: 'TEST' as Ticker })).toThrow(/csv header/);
    expect(() => parseYahooCsv('  \n', { symbol: 'TEST' as Ticker })).toThrow(/got \(empty file\)/);
  });

  it('reads Windows line ends, blanks around the text and cells, and keeps only the asked dates', () => {
    const text =
      '\r\n Date,Open,High,Low,Close,Adj Close,Volume\r\n2014-01-02, 1.5 ,2,1,1.5,1.5, 100\r\n2014-01-03,1,2,0.5,1.5,1.5,200\r\n2014-01-06,1,2,0.5,1.5,1.5,300\r\n\r\n';
    const all = parseYahooCsv(text, { symbol: 'TEST' as Ticker });
    expect(all.map((bar) => [bar.time, bar.open.raw, bar.volume])).toEqual([
      [Date.UTC(2014, 0, 2), 15_000, 100],
      [Date.UTC(2014, 0, 3), 10_000, 200],
      [Date.UTC(2014, 0, 6), 10_000, 300],
    ]);
    const some = parseYahooCsv(text, { symbol: 'TEST' as Ticker, from: '2014-01-03', to: '2014-01-03' });
    expect(some.map((bar) => bar.volume)).toEqual([200]);
    expect(() => parseYahooCsv(text, { symbol: 'TEST' as Ticker, from: '2014-1-3' })).toThrow(
      /from: '2014-1-3' is not a date/,
    );
  });

  it('adjusts by Adj Close / Close exactly', () => {
    const text = 'Date,Open,High,Low,Close,Adj Close,Volume\n2014-01-02,30,33,27,30,10,100\n';
    const [bar] = parseYahooCsv(text, { symbol: 'TEST' as Ticker, adjust: true });
    expect([bar?.open.toString(), bar?.high.toString(), bar?.low.toString(), bar?.close.toString()]).toEqual([
      '10.0000',
      '11.0000',
      '9.0000',
      '10.0000',
    ]);
  });
});
