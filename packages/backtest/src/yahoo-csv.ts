// Reads Yahoo-style daily CSV (Date,Open,High,Low,Close,Adj Close,Volume) into bars, naming any bad line.
// Prices are parsed as exact decimals (never through a float, which put 1,136 bundled prices 0.0001 off).
import {
  type Bar,
  decimalSpanToRaw,
  InvalidInputError,
  isoDateTime,
  isoDateTimeAt,
  Price,
  type Ticker,
} from '@ats/core';

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

/** The raw value of a price cell text[start, end) (`position` 1 Open .. 5 Adj Close), refused unless positive. */
function positivePrice(text: string, start: number, end: number, position: number, index: number): number {
  const raw = decimalSpanToRaw(text, start, end);
  if (!(raw > 0 && Number.isSafeInteger(raw)))
    throw new InvalidInputError(
      fieldOf(index, priceNames[position - 1] as string),
      `'${text.slice(start, end)}' is not a positive price`,
    );
  return raw;
}

/** A whole non-negative volume in text[start, end): digits only, else as `Number` reads the cell. */
function volumeOf(text: string, start: number, end: number, index: number): number {
  let volume = 0;
  let position = start;
  for (; position < end; position++) {
    const digit = text.charCodeAt(position) - 48;
    if (digit < 0 || digit > 9) break;
    volume = volume * 10 + digit;
  }
  // Anything but plain digits (blanks, an exponent) is read as before, by Number.
  if (position !== end || position === start) volume = Number(text.slice(start, end));
  if (!Number.isSafeInteger(volume) || volume < 0)
    throw new InvalidInputError(
      fieldOf(index, 'Volume'),
      `'${text.slice(start, end)}' is not a whole non-negative number`,
    );
  return volume;
}

export interface YahooCsvOptions {
  readonly symbol: Ticker;
  /** Rescale open, high, low and close by Adj Close / Close (dividends and splits folded in). */
  readonly adjust?: boolean;
  /** Keep only bars on or after / before these dates (YYYY-MM-DD, inclusive). */
  readonly from?: string;
  readonly to?: string;
}

const expectedHeader = ['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Volume'];

/**
 * Bars are stamped at 00:00 UTC of their date (daily bars have no intraday time).
 *
 * The text is read in place, a line and a cell at a time by position: no array of lines, no array of
 * cells, no string per cell. This is the first work of `ats backtest` on a daily file, in a process
 * whose code has not warmed up: splitting and `Date.parse` cost about 1 µs a line warm and 4 µs cold.
 */
export function parseYahooCsv(text: string, options: YahooCsvOptions): Bar[] {
  // The text without the blanks around it, as bounds (as text.trim() would cut it).
  let start = 0;
  let end = text.length;
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  const headerEnd = lineEndOf(text, start, end);
  const headerLine = text.slice(start, contentEndOf(text, start, headerEnd));
  const header = headerLine.split(',').map((name) => name.trim());
  if (start === end || expectedHeader.some((name, index) => header[index] !== name)) {
    throw new InvalidInputError(
      'csv header',
      `expected ${expectedHeader.join(',')}, got ${start === end ? '(empty file)' : headerLine}`,
    );
  }
  const from = options.from ? boundOf(options.from, 'from') : Number.NEGATIVE_INFINITY;
  const to = options.to ? boundOf(options.to, 'to') : Number.POSITIVE_INFINITY;
  const adjust = options.adjust === true;
  const commas = new Int32Array(7);
  const bars: Bar[] = [];
  let previousTime = Number.NEGATIVE_INFINITY;
  let index = 0;
  for (let lineStart = headerEnd + 1; lineStart <= end; ) {
    index++;
    const lineEnd = lineEndOf(text, lineStart, end);
    const contentEnd = contentEndOf(text, lineStart, lineEnd);
    // The cells' bounds: cell k is text[commas[k - 1] + 1, commas[k]) (with commas[-1] the line start).
    // Found by indexOf, not a loop over characters: this runs before the code is warm, and a scan in
    // the interpreter cost as much as the whole read (the cells' own scans are small functions, which
    // V8 compiles after a few hundred calls).
    let cells = 0;
    for (let comma = text.indexOf(',', lineStart); comma >= 0 && comma < contentEnd && cells < 7; ) {
      commas[cells++] = comma;
      comma = text.indexOf(',', comma + 1);
    }
    if (cells !== 6) {
      const line = text.slice(lineStart, contentEnd);
      throw new InvalidInputError(
        `line ${index + 1}`,
        `has ${line.split(',').length} fields, expected 7`,
        line,
      );
    }
    commas[6] = contentEnd;
    const time = isoDateTimeAt(text, lineStart, commas[0] as number);
    if (Number.isNaN(time)) {
      const date = text.slice(lineStart, commas[0]);
      throw new InvalidInputError(fieldOf(index, 'Date'), `'${date}' is not a date`, date);
    }
    const next = lineEnd + 1;
    if (time < from || time > to) {
      lineStart = next;
      continue;
    }
    if (time <= previousTime) {
      const date = text.slice(lineStart, commas[0]);
      throw new InvalidInputError(fieldOf(index, 'Date'), `${date} is not after the previous row`, date);
    }
    previousTime = time;
    const open = positivePrice(text, (commas[0] as number) + 1, commas[1] as number, 1, index);
    const high = positivePrice(text, (commas[1] as number) + 1, commas[2] as number, 2, index);
    const low = positivePrice(text, (commas[2] as number) + 1, commas[3] as number, 3, index);
    const close = positivePrice(text, (commas[3] as number) + 1, commas[4] as number, 4, index);
    const adjusted = positivePrice(text, (commas[4] as number) + 1, commas[5] as number, 5, index);
    const volume = volumeOf(text, (commas[5] as number) + 1, commas[6] as number, index);
    if (high < Math.max(open, close) || low > Math.min(open, close)) {
      const cell = (k: number) => text.slice((commas[k - 1] as number) + 1, commas[k]);
      throw new InvalidInputError(
        fieldOf(index, 'High/Low'),
        `high ${cell(2)} and low ${cell(3)} do not contain open ${cell(1)} and close ${cell(4)}`,
      );
    }
    // Adjusting rescales by Adj Close / Close exactly (integer arithmetic on the raw values).
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
    lineStart = next;
  }
  return bars;
}

/** Midnight UTC of a from/to date, refused unless YYYY-MM-DD. */
function boundOf(date: string, field: 'from' | 'to'): number {
  const time = isoDateTime(date);
  if (Number.isNaN(time)) throw new InvalidInputError(field, `'${date}' is not a date (YYYY-MM-DD)`, date);
  return time;
}

/** What String.prototype.trim removes at the ends that a CSV file holds: spaces, tabs, line breaks. */
function isBlank(code: number): boolean {
  return (
    code === 32 || code === 9 || code === 10 || code === 13 || code === 11 || code === 12 || code === 0xfeff
  );
}

/** The position of the line break ending the line that starts at `start` (or `end`). */
function lineEndOf(text: string, start: number, end: number): number {
  const found = text.indexOf('\n', start);
  return found < 0 || found > end ? end : found;
}

/** The end of a line's content: before a carriage return that ends it. */
function contentEndOf(text: string, start: number, lineEnd: number): number {
  return lineEnd > start && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
}
