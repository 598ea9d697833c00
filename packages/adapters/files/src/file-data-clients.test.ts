// Tests the file clients: LEAN files read exactly (deci-cents, New York midnight), CSV with any column
// mapping (header names or positions, NinjaTrader's end-stamped UTC bars), Parquet through hyparquet, and
// the replay client's pacing and resumption.
import { readFileSync } from 'node:fs';
import type { RawQuote, Ticker } from '@ats/core';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { bundledSpyFiles, loadBundledSpy } from './bundled-spy.js';
import { columnMappingPresets } from './column-mapping.js';
import { csvDataClient, readCsvBars, readCsvQuotes } from './csv-data-client.js';
import { readParquetBars } from './parquet-data-client.js';
import { ReplayDataClient } from './replay-data-client.js';

const spy = 'SPY' as Ticker;

describe('LEAN files', () => {
  it('stamps minute bars from New York midnight and reads deci-cents exactly', () => {
    const { tradeBars, ticks } = loadBundledSpy();
    const first = readFileSync(bundledSpyFiles.minuteTrades, 'utf8').split('\n')[0]?.split(',') ?? [];
    expect(tradeBars[0]?.time).toBe(Date.parse('2013-10-07T04:00:00Z') + Number(first[0]));
    expect(tradeBars[0]?.open.raw).toBe(Number(first[1]));
    const firstTick = readFileSync(bundledSpyFiles.ticks, 'utf8').split('\n')[0]?.split(',') ?? [];
    expect(ticks[0]?.time).toBe(Date.parse('2013-10-07T04:00:00Z') + Number(firstTick[0]));
    expect(ticks[0]?.price).toBe(Number(firstTick[1]));
    expect(ticks).toHaveLength(15_057);
  });
});

describe('CSV with a column mapping', () => {
  it('reads NinjaTrader bars (UTC, stamped at the end) as bars stamped at their start', () => {
    const text =
      '20110103 143100;127.3;127.4;127.2;127.35;1000\n20110103 143200;127.35;127.5;127.3;127.45;1200\n';
    const bars = readCsvBars(text, columnMappingPresets.ninjatrader?.('SPY') as never, '1m', {
      delimiter: ';',
      header: false,
    });
    expect(bars.map((bar) => [new Date(bar.time).toISOString(), bar.close.toString(), bar.volume])).toEqual([
      ['2011-01-03T14:30:00.000Z', '127.3500', 1000],
      ['2011-01-03T14:31:00.000Z', '127.4500', 1200],
    ]);
  });

  it('maps quotes by header name with local times in a zone, and names a bad cell', () => {
    const mapping = {
      time: 'When',
      timeFormat: 'iso' as const,
      zone: 'America/New_York',
      symbol: { column: 'Ticker' },
      bid: 'Bid',
      ask: 'Ask',
      last: 'Last',
      volume: 'Qty',
    };
    const quotes = readCsvQuotes(
      'Ticker,When,Bid,Ask,Last,Qty\nBRK.B,2013-10-07 09:30:01,168.10,168.12,168.11,300\n',
      mapping,
    );
    expect(quotes).toEqual([
      {
        symbol: 'BRK.B',
        time: Date.parse('2013-10-07T13:30:01Z'),
        bid: '168.1000',
        ask: '168.1200',
        bidSize: 0,
        askSize: 0,
        last: '168.1100',
        volume: 300,
        source: 'csv',
      },
    ]);
    expect(() =>
      readCsvQuotes('Ticker,When,Bid,Ask,Last,Qty\nSPY,2013-10-07 09:30:01,abc,1,1,1\n', mapping),
    ).toThrow(/row 2 bid/);
  });

  it('serves the file as bar history pages', async () => {
    const client = csvDataClient({
      text: 'time,symbol,open,high,low,close,volume\n2013-10-07T13:30:00Z,SPY,1,2,0.5,1.5,10\n2013-10-07T13:31:00Z,SPY,1.5,2,1,1.2,20\n',
      mapping: columnMappingPresets.ats?.('') as never,
      contents: '1m',
    });
    const pages = [];
    for await (const page of client.historyBars({
      symbol: spy,
      timeframe: '1m',
      from: 0,
      to: Date.parse('2014-01-01'),
      pageSize: 1,
    }))
      pages.push(page.items.length);
    expect(pages).toEqual([1, 1]);
  });
});

describe('Parquet', () => {
  it('reads the bundled minute bars written to Parquet back exactly', async () => {
    const { tradeBars } = loadBundledSpy();
    const file = parquetWriteBuffer({
      columnData: [
        { name: 'time', data: tradeBars.map((bar) => BigInt(bar.time)), type: 'INT64' },
        { name: 'open', data: tradeBars.map((bar) => bar.open.toString()), type: 'STRING' },
        { name: 'high', data: tradeBars.map((bar) => bar.high.toString()), type: 'STRING' },
        { name: 'low', data: tradeBars.map((bar) => bar.low.toString()), type: 'STRING' },
        { name: 'close', data: tradeBars.map((bar) => bar.close.toString()), type: 'STRING' },
        { name: 'volume', data: tradeBars.map((bar) => bar.volume), type: 'INT32' },
      ],
    });
    const bars = await readParquetBars(
      file,
      {
        time: 'time',
        timeFormat: 'epoch-ms',
        symbol: { value: 'SPY' },
        open: 'open',
        high: 'high',
        low: 'low',
        close: 'close',
        volume: 'volume',
      },
      '1m',
    );
    expect(bars).toEqual(tradeBars);
  });
});

describe('ReplayDataClient', () => {
  it('keeps the recorded gaps at its speed and resumes where it stopped after a reconnect', async () => {
    const quote = (time: number): RawQuote => ({
      symbol: 'SPY',
      time,
      bid: '1',
      ask: '1',
      bidSize: 1,
      askSize: 1,
      last: '1',
      volume: 1,
    });
    const records = [0, 1_000, 2_000, 3_000].map((time) => ({
      kind: 'quote' as const,
      time,
      quote: quote(time),
    }));
    const replay = new ReplayDataClient({ records, speed: 10 });
    const seen: number[] = [];
    const started = Date.now();
    await replay.connect([spy], { onQuote: (raw) => seen.push(raw.time) });
    await replay.reconnect();
    await replay.done;
    expect(seen).toEqual([0, 1_000, 2_000, 3_000]);
    // Resumed at the record of 1 s: the 2 s of recorded time after it take at least 200 ms at 10x.
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
  });
});
