import { describe, expect, it } from 'vitest';
import { parseZonedDateTime, sessionDateStamp } from '../time/exchange-time.js';
import { decimalTextOf, priceFromProvider } from './decimal-text.js';
import { canonicalSymbol, defaultSymbolMap } from './symbol-map.js';

describe('symbol map', () => {
  it('maps BRK.B, BRK-B, BRK/B and "brk b" to one instrument', () => {
    for (const written of ['BRK.B', 'BRK-B', 'BRK/B', 'brk b'])
      expect(canonicalSymbol(written)).toBe('BRK.B');
  });

  it('leaves pairs and plain tickers alone', () => {
    expect(canonicalSymbol('BTC/USDT')).toBe('BTC/USDT');
    expect(canonicalSymbol('aapl')).toBe('AAPL');
  });

  it('writes each provider its own share-class form and reads it back', () => {
    const map = defaultSymbolMap();
    const ticker = canonicalSymbol('BRK.B');
    expect(map.toProvider('alpaca', ticker)).toBe('BRK.B');
    expect(map.toProvider('polygon', ticker)).toBe('BRK.B');
    expect(map.toProvider('yahoo', ticker)).toBe('BRK-B');
    expect(map.toProvider('alpha-vantage', ticker)).toBe('BRK-B');
    expect(map.fromProvider('yahoo', 'BRK-B')).toBe('BRK.B');
  });

  it('applies a per-provider override a rule cannot know', () => {
    const map = defaultSymbolMap({ yahoo: { '^GSPC': 'SPX' } });
    expect(map.fromProvider('yahoo', '^GSPC')).toBe('SPX');
    expect(map.toProvider('yahoo', canonicalSymbol('SPX'))).toBe('^GSPC');
  });

  it('names a symbol it cannot hold', () => {
    expect(() => canonicalSymbol('TOO-LONG-SYMBOL')).toThrow(/not a ticker/);
  });
});

describe('prices from provider JSON', () => {
  it('parses a JSON number through its shortest text, exactly where a float product is not', () => {
    const parsed = JSON.parse('{"p": 0.00015}') as Record<string, number>;
    // Through a float product the half is lost: 0.00015 * 10000 = 1.4999999999999998.
    expect(Math.round((parsed.p as number) * 10_000)).toBe(1);
    // From its text, half to even: 1.5 ten-thousandths -> 2.
    expect(priceFromProvider(parsed.p, 'p').raw).toBe(2);
    expect(priceFromProvider(0.1 + 0.2, 'sum').toString()).toBe('0.3000');
    expect(priceFromProvider('123.4567', 'text').raw).toBe(1_234_567);
  });

  it('names the field of a price that is not a number', () => {
    expect(() => decimalTextOf(null, 'bars[3].c')).toThrow(/bars\[3\]\.c/);
    expect(() => decimalTextOf(Number.NaN, 'ap')).toThrow(/ap/);
  });
});

describe('provider times to UTC', () => {
  it('reads US/Eastern wall-clock strings across daylight saving', () => {
    expect(parseZonedDateTime('2024-01-05 15:59:00', 'America/New_York', 't')).toBe(
      Date.UTC(2024, 0, 5, 20, 59),
    );
    expect(parseZonedDateTime('2024-07-05 09:30', 'America/New_York', 't')).toBe(
      Date.UTC(2024, 6, 5, 13, 30),
    );
    // The repeated hour of 2024-11-03 maps to its first occurrence (EDT).
    expect(parseZonedDateTime('2024-11-03 01:30:00', 'America/New_York', 't')).toBe(
      Date.UTC(2024, 10, 3, 5, 30),
    );
    expect(() => parseZonedDateTime('2024-02-30', 'America/New_York', 'day')).toThrow(/day/);
  });

  it('stamps a daily bar at 00:00 UTC of its New York session date', () => {
    // Alpaca and Polygon: midnight New York; Yahoo: the open.
    expect(sessionDateStamp(Date.parse('2021-02-01T05:00:00Z'), 'America/New_York')).toBe(
      Date.UTC(2021, 1, 1),
    );
    expect(sessionDateStamp(Date.parse('2024-07-05T13:30:00Z'), 'America/New_York')).toBe(
      Date.UTC(2024, 6, 5),
    );
  });
});
