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
