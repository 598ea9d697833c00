// Reads NinjaTrader one-minute bar exports (`yyyyMMdd HHmmss;open;high;low;close;volume`, UTC, stamped
// at the bar's END) into ATS bars, which are stamped at their start.

import type { Bar } from '@ats/core';
import { Price, type Ticker, toSymbol } from '@ats/core';

const minute = 60_000;

export function parseNinjaTraderMinuteBars(text: string, symbol: string): Bar[] {
  const ticker: Ticker = toSymbol(symbol);
  const bars: Bar[] = [];
  let lineNumber = 0;
  for (const line of text.split('\n')) {
    lineNumber++;
    if (line.trim() === '') continue;
    const fields = line.trim().split(';');
    const stamp = fields[0] ?? '';
    const match = /^(\d{4})(\d{2})(\d{2}) (\d{2})(\d{2})(\d{2})$/.exec(stamp);
    if (!match || fields.length !== 6)
      throw new RangeError(
        `line ${lineNumber}: expected "yyyyMMdd HHmmss;open;high;low;close;volume", got "${line}"`,
      );
    const [, year, month, day, hours, minutes, seconds] = match.map(Number) as number[];
    const end = Date.UTC(year as number, (month as number) - 1, day, hours, minutes, seconds);
    const volume = Number(fields[5]);
    if (!Number.isSafeInteger(volume) || volume < 0)
      throw new RangeError(`line ${lineNumber}: bad volume "${fields[5]}"`);
    bars.push({
      symbol: ticker,
      timeframe: '1m',
      time: end - minute,
      open: Price.of(fields[1] as string, `line ${lineNumber} open`),
      high: Price.of(fields[2] as string, `line ${lineNumber} high`),
      low: Price.of(fields[3] as string, `line ${lineNumber} low`),
      close: Price.of(fields[4] as string, `line ${lineNumber} close`),
      volume,
    });
  }
  return bars;
}
