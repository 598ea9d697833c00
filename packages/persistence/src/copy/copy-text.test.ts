// Tests the COPY text builders: escaping, cached-second timestamps equal to toISOString, exact prices.
import { Price, type Quote, type Ticker } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { CopyBuffer } from './copy-buffer.js';
import { copyEscape, copyValue, TimestampFormatter } from './copy-text.js';
import { quotesCopyText } from './quote-copy-text.js';

describe('COPY text', () => {
  it('escapes backslash, tab, newline and carriage return, and writes NULL as \\N', () => {
    expect(copyEscape('plain')).toBe('plain');
    expect(copyEscape('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyValue(null)).toBe('\\N');
  });

  it('formats every millisecond of a second change exactly as toISOString', () => {
    const formatter = new TimestampFormatter();
    const base = Date.parse('2013-10-07T13:29:59.990Z');
    for (let offset = 0; offset < 2_050; offset += 7) {
      expect(formatter.format(base + offset)).toBe(new Date(base + offset).toISOString());
    }
    expect(formatter.format(-1)).toBe(new Date(-1).toISOString());
  });

  it('writes a quote as one tab-separated line with exact four-place prices', () => {
    const quote: Quote = {
      symbol: 'BRK.B' as Ticker,
      time: Date.parse('2013-10-07T13:30:00.005Z'),
      receivedAt: Date.parse('2013-10-07T13:30:00.120Z'),
      bid: Price.of('168.9899'),
      ask: Price.of('169.01'),
      bidSize: 300,
      askSize: 200,
      last: Price.of('169'),
      volume: 1500,
    };
    expect(quotesCopyText([quote])).toBe(
      'BRK.B\t2013-10-07T13:30:00.005Z\t169.0000\t168.9899\t169.0100\t1500\t300\t200\t2013-10-07T13:30:00.120Z\n',
    );
  });

  it('writes fixed-point values, integers, timestamps and escaped text as bytes', () => {
    const buffer = new CopyBuffer(4);
    buffer.fixedPoint(5);
    buffer.tab();
    buffer.fixedPoint(-1_234_567);
    buffer.tab();
    buffer.integer(0);
    buffer.tab();
    buffer.integer(9_007_199_254_740_991);
    buffer.tab();
    buffer.timestamp(Date.parse('1999-12-31T23:59:59.009Z'));
    buffer.tab();
    buffer.text('a\tb');
    buffer.tab();
    buffer.nullValue();
    buffer.endRow();
    expect(new TextDecoder().decode(buffer.result())).toBe(
      '0.0005\t-123.4567\t0\t9007199254740991\t1999-12-31T23:59:59.009Z\ta\\tb\t\\N\n',
    );
  });
});
