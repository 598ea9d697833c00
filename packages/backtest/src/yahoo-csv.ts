// Reads Yahoo-style daily CSV (Date,Open,High,Low,Close,Adj Close,Volume) into bars, naming any bad line.
import { type Bar, InvalidInputError, Price, type Ticker } from '@ats/core';

export interface YahooCsvOptions {
  readonly symbol: Ticker;
  /** Rescale open, high, low and close by Adj Close / Close (dividends and splits folded in). */
  readonly adjust?: boolean;
  /** Keep only bars on or after / before these dates (YYYY-MM-DD, inclusive). */
  readonly from?: string;
  readonly to?: string;
}

/** Bars are stamped at 00:00 UTC of their date (daily bars have no intraday time). */
export function parseYahooCsv(text: string, options: YahooCsvOptions): Bar[] {
  const lines = text.trim().split(/\r?\n/);
  const header = lines[0]?.split(',').map((name) => name.trim());
  const expected = ['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Volume'];
  if (!header || expected.some((name, index) => header[index] !== name)) {
    throw new InvalidInputError(
      'csv header',
      `expected ${expected.join(',')}, got ${lines[0] ?? '(empty file)'}`,
    );
  }
  const bars: Bar[] = [];
  let previousTime = Number.NEGATIVE_INFINITY;
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index] as string;
    const field = (name: string) => `line ${index + 1} ${name}`;
    const cells = line.split(',');
    if (cells.length !== 7)
      throw new InvalidInputError(`line ${index + 1}`, `has ${cells.length} fields, expected 7`, line);
    const date = cells[0] as string;
    if (options.from && date < options.from) continue;
    if (options.to && date > options.to) continue;
    const time = Date.parse(`${date}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(time))
      throw new InvalidInputError(field('Date'), `'${date}' is not a date`, date);
    if (time <= previousTime)
      throw new InvalidInputError(field('Date'), `${date} is not after the previous row`, date);
    previousTime = time;
    const numbers = cells.slice(1, 6).map(Number);
    const names = ['Open', 'High', 'Low', 'Close', 'Adj Close'];
    numbers.forEach((value, position) => {
      if (!Number.isFinite(value) || value <= 0)
        throw new InvalidInputError(
          field(names[position] as string),
          `'${cells[position + 1]}' is not a positive price`,
        );
    });
    const volume = Number(cells[6]);
    if (!Number.isSafeInteger(volume) || volume < 0)
      throw new InvalidInputError(field('Volume'), `'${cells[6]}' is not a whole non-negative number`);
    const [open, high, low, close, adjusted] = numbers as [number, number, number, number, number];
    if (high < Math.max(open, close) || low > Math.min(open, close)) {
      throw new InvalidInputError(
        field('High/Low'),
        `high ${high} and low ${low} do not contain open ${open} and close ${close}`,
      );
    }
    const factor = options.adjust ? adjusted / close : 1;
    bars.push({
      symbol: options.symbol,
      timeframe: '1d',
      time,
      open: Price.of(open * factor),
      high: Price.of(high * factor),
      low: Price.of(low * factor),
      close: Price.of(close * factor),
      volume,
      adjustedClose: Price.of(adjusted),
    });
  }
  return bars;
}
