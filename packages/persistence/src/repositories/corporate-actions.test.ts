// Corporate actions: stored from a CSV file, read back, and applied to a raw history (NVDA's 3:2 split).
import { readFileSync } from 'node:fs';
import { adjustBars, type Bar, canonicalSymbol, Price } from '@ats/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepositories } from '../create-repositories.js';
import { openTestDatabase, type TestDatabase, testDatabaseKinds } from '../test-database.js';
import { AdjustedHistory } from './adjusted-history.js';
import { SqlCorporateActionRepository } from './corporate-action-repository.js';
import { parseCorporateActionsCsv } from './corporate-actions-csv.js';

const nvda = canonicalSymbol('NVDA');
const fixture = new URL('../../../backtest/fixtures/nvda-1999-2014.txt', import.meta.url);
const splitDay = Date.UTC(2007, 8, 11);

/**
 * The bundled NVDA file is Yahoo's split-adjusted series; NVDA split 3-for-2 on 2007-09-11 and not
 * again until 2021, so bars from that day on are as traded and bars before it are 2/3 of the traded
 * prices (and 3/2 of the traded volumes). Rebuilding the traded series around the split gives a raw
 * history whose adjustment must land back on the published file.
 */
function publishedBars(from: string, to: string): Bar[] {
  return readFileSync(fixture, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .filter(([date]) => (date as string) >= from && (date as string) <= to)
    .map(([date, open, high, low, close, , volume]) => ({
      symbol: nvda,
      timeframe: '1d' as const,
      time: Date.parse(`${date}T00:00:00Z`),
      open: Price.of(open as string),
      high: Price.of(high as string),
      low: Price.of(low as string),
      close: Price.of(close as string),
      volume: Number(volume),
    }));
}

function traded(bar: Bar): Bar {
  if (bar.time >= splitDay) return bar;
  const up = (price: Price) => Price.fromRaw(Math.round((price.raw * 3) / 2));
  return {
    ...bar,
    open: up(bar.open),
    high: up(bar.high),
    low: up(bar.low),
    close: up(bar.close),
    volume: Math.round((bar.volume * 2) / 3),
  };
}

const csv = `symbol,kind,ex_date,value
NVDA,split,2007-09-11,3:2
NVDA,dividend,2012-11-20,0.075
BRK-B,split,2010-01-21,50:1
`;

for (const kind of testDatabaseKinds()) {
  describe(`corporate actions on ${kind}`, () => {
    let test: TestDatabase | undefined;
    afterEach(async () => {
      await test?.dispose();
    });

    it('stores a file of actions once however often it is loaded, and reads them back per symbol', async () => {
      test = await openTestDatabase(kind);
      const repository = new SqlCorporateActionRepository(test.database);
      const actions = parseCorporateActionsCsv(csv, 'file:actions.csv');
      await repository.save(actions);
      await repository.save(actions);
      const stored = await repository.forSymbol(nvda);
      expect(stored).toHaveLength(2);
      expect(stored[0]).toEqual({
        kind: 'split',
        symbol: nvda,
        exDate: splitDay,
        from: 2,
        to: 3,
        source: 'file:actions.csv',
      });
      expect(stored[1]?.kind === 'dividend' && stored[1].amount.toString()).toBe('0.0750');
      expect(await repository.forSymbol(canonicalSymbol('BRK.B'))).toHaveLength(1);
    });

    it('adjusts the raw NVDA history across its 2007 3:2 split onto the published adjusted series', async () => {
      test = await openTestDatabase(kind);
      const repository = new SqlCorporateActionRepository(test.database);
      await repository.save(parseCorporateActionsCsv(csv, 'file:actions.csv'));
      const published = publishedBars('2007-08-01', '2007-10-31');
      const raw = published.map(traded);
      // As traded, the split shows as a one-third drop overnight.
      const before = raw.find((bar) => bar.time === Date.UTC(2007, 8, 10)) as Bar;
      const after = raw.find((bar) => bar.time === splitDay) as Bar;
      expect(before.close.toString()).toBe('50.7900');
      expect(after.open.raw / before.close.raw).toBeLessThan(0.7);

      const actions = await repository.forSymbol(nvda);
      const adjusted = adjustBars(raw, actions, 'split');
      expect(adjusted).toHaveLength(published.length);
      for (const [index, bar] of adjusted.entries()) {
        const expected = published[index] as Bar;
        // The file has six decimal places, ATS four: at most one ten-thousandth apart.
        for (const field of ['open', 'high', 'low', 'close'] as const)
          expect(Math.abs(bar[field].raw - expected[field].raw)).toBeLessThanOrEqual(1);
        // Published volumes are not all multiples of 3, so the rebuilt traded volume was rounded.
        expect(Math.abs(bar.volume - expected.volume)).toBeLessThanOrEqual(1);
      }
      // The raw series is untouched and still there.
      expect(adjustBars(raw, actions, 'raw')).toEqual(raw);
      expect(raw.find((bar) => bar.time === Date.UTC(2007, 8, 10))?.close.toString()).toBe('50.7900');
    });

    it('serves stored bars raw or adjusted on request, both from the same rows', async () => {
      test = await openTestDatabase(kind);
      const actions = new SqlCorporateActionRepository(test.database);
      const { marketData } = createRepositories(test.database);
      await actions.save(parseCorporateActionsCsv(csv, 'file:actions.csv'));
      const published = publishedBars('2007-09-04', '2007-09-14');
      await marketData.appendBars(published.map(traded));
      const history = new AdjustedHistory(marketData, actions);
      const range = [nvda, '1d', Date.UTC(2007, 8, 1), Date.UTC(2007, 8, 15)] as const;
      const raw = await history.bars(...range, 'raw');
      const adjusted = await history.bars(...range, 'split');
      expect(raw.find((bar) => bar.time === Date.UTC(2007, 8, 10))?.close.toString()).toBe('50.7900');
      expect(adjusted.find((bar) => bar.time === Date.UTC(2007, 8, 10))?.close.toString()).toBe('33.8600');
      expect(adjusted.find((bar) => bar.time === splitDay)?.close.toString()).toBe('34.5800');
    });

    it('takes a dividend after the requested range against the close before its ex-date', async () => {
      test = await openTestDatabase(kind);
      const actions = new SqlCorporateActionRepository(test.database);
      const { marketData } = createRepositories(test.database);
      const symbol = canonicalSymbol('XYZ');
      const bar = (day: number, close: string): Bar => ({
        symbol,
        timeframe: '1d',
        time: Date.UTC(2024, 0, day),
        open: Price.of(close),
        high: Price.of(close),
        low: Price.of(close),
        close: Price.of(close),
        volume: 100,
      });
      await marketData.appendBars([bar(2, '40'), bar(3, '50'), bar(4, '49')]);
      await actions.save([
        { kind: 'dividend', symbol, exDate: Date.UTC(2024, 0, 4), amount: Price.of('1'), source: 'test' },
      ]);
      const history = new AdjustedHistory(marketData, actions);
      // Only 01-02 is asked for; the factor is (50 - 1) / 50 from 01-03's close, not from 01-02's 40.
      const [only] = await history.bars(symbol, '1d', Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3), 'all');
      expect(only?.close.toString()).toBe('39.2000');
    });
  });
}

describe('corporate actions file', () => {
  it('names every bad line and keeps nothing from a bad file', () => {
    const bad =
      'symbol,kind,ex_date,value\nNVDA,split,2007-09-11,3:3\nAAPL,bonus,2020-01-01,1\nMSFT,dividend,20200101,0.5\n';
    expect(() => parseCorporateActionsCsv(bad, 'file')).toThrow(
      /line 2: .*changes nothing.*line 3: kind 'bonus'.*line 4: ex_date '20200101'/,
    );
  });
});

describe('dividend adjustment', () => {
  it('scales the bars before the ex-date by (C - D) / C, exactly and half-even', () => {
    const symbol = canonicalSymbol('XYZ');
    const bar = (day: number, close: string): Bar => ({
      symbol,
      timeframe: '1d',
      time: Date.UTC(2024, 0, day),
      open: Price.of(close),
      high: Price.of(close),
      low: Price.of(close),
      close: Price.of(close),
      volume: 100,
    });
    const bars = [bar(2, '40.0000'), bar(3, '50.0000'), bar(4, '49.0000')];
    const adjusted = adjustBars(
      bars,
      [{ kind: 'dividend', symbol, exDate: Date.UTC(2024, 0, 4), amount: Price.of('1'), source: 'test' }],
      'all',
    );
    // Factor 49/50 on both earlier bars: 40 * 0.98 = 39.2, 50 * 0.98 = 49.
    expect(adjusted.map((each) => each.close.toString())).toEqual(['39.2000', '49.0000', '49.0000']);
    expect(
      adjustBars(
        bars,
        [{ kind: 'dividend', symbol, exDate: Date.UTC(2024, 0, 4), amount: Price.of('1'), source: 't' }],
        'split',
      ),
    ).toEqual(bars);
  });
});
