// Reads Yahoo-style daily CSV (Date,Open,High,Low,Close,Adj Close,Volume) into bars, naming any bad line.
// Prices are parsed as exact decimals (never through a float, which put 1,136 bundled prices 0.0001 off).
import { type Bar, InvalidInputError, Price, parseDecimalToRaw, type Ticker } from '@ats/core';

const priceNames = ['Open', 'High', 'Low', 'Close', 'Adj Close'] as const;

/** raw * numerator / denominator rounded half to even, exact at any size (BigInt). */
function scaleRaw(raw: number, numerator: number, denominator: number): number {
  const product = BigInt(raw) * BigInt(numerator);
  const divisor = BigInt(denominator);
  let quotient = product / divisor;
  const twice = (product % divisor) * 2n;
  if (twice > divisor || (twice === divisor && quotient % 2n === 1n)) quotient += 1n;
  return Number(quotient);
}

/** A field of a line in errors: `line 7 Close` (`index` counts from 0, the header). */
function fieldOf(index: number, name: string): string {
  return `line ${index + 1} ${name}`;
}

/** The raw value of the price in `cells[position]` (1 Open .. 5 Adj Close), refused unless positive. */
function positivePrice(cells: readonly string[], position: number, index: number): number {
  const cell = cells[position] as string;
  let raw: number;
  try {
    raw = parseDecimalToRaw(cell);
  } catch {
    raw = Number.NaN;
  }
  if (!(raw > 0))
    throw new InvalidInputError(
      fieldOf(index, priceNames[position - 1] as string),
      `'${cell}' is not a positive price`,
    );
  return raw;
}

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
    const cells = line.split(',');
    if (cells.length !== 7)
      throw new InvalidInputError(`line ${index + 1}`, `has ${cells.length} fields, expected 7`, line);
    const date = cells[0] as string;
    if (options.from && date < options.from) continue;
    if (options.to && date > options.to) continue;
    const time = Date.parse(`${date}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(time))
      throw new InvalidInputError(fieldOf(index, 'Date'), `'${date}' is not a date`, date);
    if (time <= previousTime)
      throw new InvalidInputError(fieldOf(index, 'Date'), `${date} is not after the previous row`, date);
    previousTime = time;
    // One call per cell, no closure per line: this loop runs once per bar of every daily backtest.
    const open = positivePrice(cells, 1, index);
    const high = positivePrice(cells, 2, index);
    const low = positivePrice(cells, 3, index);
    const close = positivePrice(cells, 4, index);
    const adjusted = positivePrice(cells, 5, index);
    const volume = Number(cells[6]);
    if (!Number.isSafeInteger(volume) || volume < 0)
      throw new InvalidInputError(
        fieldOf(index, 'Volume'),
        `'${cells[6]}' is not a whole non-negative number`,
      );
    if (high < Math.max(open, close) || low > Math.min(open, close)) {
      throw new InvalidInputError(
        fieldOf(index, 'High/Low'),
        `high ${cells[2]} and low ${cells[3]} do not contain open ${cells[1]} and close ${cells[4]}`,
      );
    }
    // Adjusting rescales by Adj Close / Close exactly (integer arithmetic on the raw values).
    const adjust = options.adjust === true;
    bars.push({
      symbol: options.symbol,
      timeframe: '1d',
      time,
      open: Price.fromRaw(adjust ? scaleRaw(open, adjusted, close) : open),
      high: Price.fromRaw(adjust ? scaleRaw(high, adjusted, close) : high),
      low: Price.fromRaw(adjust ? scaleRaw(low, adjusted, close) : low),
      close: Price.fromRaw(adjust ? scaleRaw(close, adjusted, close) : close),
      volume,
      adjustedClose: Price.fromRaw(adjusted),
    });
  }
  return bars;
}
