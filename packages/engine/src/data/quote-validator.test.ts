// Tests of quote validation: a confirmed gap is accepted, a single bad print is rejected and the feed
// continues, a halt's reopening sets a new level, and duplicates and out-of-order quotes are refused.
import { defineEquity, type RawQuote, TestClock } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { QuoteValidator } from './quote-validator.js';

const instruments = new Map([['SPY', defineEquity({ symbol: 'SPY', sector: 'Index' })]]);

function validator(confirmationQuotes = 3) {
  const clock = new TestClock(Date.parse('2013-10-07T20:00:00Z'));
  return new QuoteValidator(instruments, clock, {
    maxClockSkewMilliseconds: 5_000,
    outlierFraction: 0.2,
    confirmationQuotes,
  });
}

let second = 0;
function quote(last: string): RawQuote {
  second++;
  return {
    symbol: 'SPY',
    time: Date.parse('2013-10-07T14:00:00Z') + second * 1000,
    bid: last,
    ask: last,
    bidSize: 1,
    askSize: 1,
    last,
    volume: 10,
  };
}

/** Feeds prices and returns, per price, the prices accepted in its answer (released ones first). */
function feed(subject: QuoteValidator, prices: readonly string[]) {
  const accepted: string[] = [];
  const rejected: string[] = [];
  for (const price of prices) {
    const result = subject.validate(quote(price));
    for (const discarded of result.discarded ?? []) rejected.push(String(discarded.raw.last));
    if (result.ok) {
      for (const released of result.released ?? []) accepted.push(released.last.toString());
      accepted.push(result.quote.last.toString());
    } else if (!result.held) {
      rejected.push(price);
    }
  }
  return { accepted, rejected };
}

describe('QuoteValidator outliers', () => {
  it('accepts a 30% gap up once the following quotes confirm it, then keeps accepting the new level', () => {
    const subject = validator();
    const { accepted, rejected } = feed(subject, ['100', '100.5', '100.2', '130', '130.4', '129.9', '131', '130.5']);
    expect(rejected).toEqual([]);
    expect(accepted).toEqual([
      '100.0000',
      '100.5000',
      '100.2000',
      '130.0000',
      '130.4000',
      '129.9000',
      '131.0000',
      '130.5000',
    ]);
    expect(subject.heldCount('SPY')).toBe(0);
  });

  it('rejects a single bad print and the feed continues at the old level', () => {
    const subject = validator();
    const { accepted, rejected } = feed(subject, ['100', '100.5', '100.2', '1002', '100.3', '100.4', '100.1']);
    expect(rejected).toEqual(['1002']);
    expect(accepted).toEqual(['100.0000', '100.5000', '100.2000', '100.3000', '100.4000', '100.1000']);
  });

  it('does not let a bad print followed by a different bad print become the level', () => {
    const subject = validator();
    const { accepted, rejected } = feed(subject, ['100', '100.1', '150', '40', '100.2']);
    expect(rejected).toEqual(['150', '40']);
    expect(accepted).toEqual(['100.0000', '100.1000', '100.2000']);
  });

  it('judges against the median, so one accepted edge price does not shift the band', () => {
    // 119 is within 20% of 100 and accepted; the median stays near 100, so 140 (17.6% from 119) is held.
    const subject = validator();
    const { accepted, rejected } = feed(subject, ['100', '100', '119', '140', '100']);
    expect(accepted).toEqual(['100.0000', '100.0000', '119.0000', '100.0000']);
    expect(rejected).toEqual(['140']);
  });

  it("accepts a halt's reopening price at once as the new level", () => {
    const clock = new TestClock(Date.parse('2013-10-07T20:00:00Z'));
    const subject = new QuoteValidator(instruments, clock, {
      maxClockSkewMilliseconds: 5_000,
      outlierFraction: 0.2,
      haltGapMilliseconds: 300_000,
    });
    const at = Date.parse('2013-10-07T14:00:00Z');
    const raw = (offset: number, last: string): RawQuote => ({
      symbol: 'SPY',
      time: at + offset,
      bid: last,
      ask: last,
      bidSize: 1,
      askSize: 1,
      last,
      volume: 1,
    });
    expect(subject.validate(raw(0, '50')).ok).toBe(true);
    expect(subject.validate(raw(1_000, '50.1')).ok).toBe(true);
    // Ten minutes of silence (a halt), then the stock reopens 40% lower.
    expect(subject.validate(raw(601_000, '30')).ok).toBe(true);
    expect(subject.validate(raw(602_000, '30.2')).ok).toBe(true);
  });
});

describe('QuoteValidator ordering and duplicates', () => {
  it('rejects a repeated snapshot and a quote older than the previous one, but keeps two equal trades', () => {
    const subject = validator();
    const trade = quote('99.9');
    expect(subject.validate(trade).ok).toBe(true);
    expect(subject.validate(trade).ok).toBe(true);
    const first = { ...quote('100'), volume: 0 };
    expect(subject.validate(first).ok).toBe(true);
    const duplicate = subject.validate(first);
    expect(duplicate.ok ? null : duplicate.code).toBe('QUOTE_DUPLICATE');
    const older = subject.validate({ ...first, time: first.time - 1, last: '100.1' });
    expect(older.ok ? null : older.code).toBe('QUOTE_STALE');
  });
});
