// Backtest jobs as text for the queue on Redis, exactly: typed-array columns as their bytes (base64),
// and the numbers JSON cannot carry (NaN, ±Infinity, -0) tagged, so a result computed on another
// machine is bit-for-bit the one this process would have computed.

interface TaggedColumn {
  readonly $float64: string;
}
interface TaggedNumber {
  readonly $number: 'NaN' | 'Infinity' | '-Infinity' | '-0';
}

function isTaggedColumn(value: unknown): value is TaggedColumn {
  return typeof value === 'object' && value !== null && typeof (value as TaggedColumn).$float64 === 'string';
}

function isTaggedNumber(value: unknown): value is TaggedNumber {
  return typeof value === 'object' && value !== null && typeof (value as TaggedNumber).$number === 'string';
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Float64Array)
    return { $float64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return { $number: 'NaN' };
    if (value === Number.POSITIVE_INFINITY) return { $number: 'Infinity' };
    if (value === Number.NEGATIVE_INFINITY) return { $number: '-Infinity' };
    if (Object.is(value, -0)) return { $number: '-0' };
  }
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (isTaggedColumn(value)) {
    const bytes = Buffer.from(value.$float64, 'base64');
    if (bytes.byteLength % Float64Array.BYTES_PER_ELEMENT !== 0)
      throw new RangeError('a float64 column of the job is not a whole number of 8-byte values');
    // Copied into a buffer of its own: the decoded bytes may sit unaligned in a pooled buffer.
    const column = new Float64Array(bytes.byteLength / Float64Array.BYTES_PER_ELEMENT);
    new Uint8Array(column.buffer).set(bytes);
    return column;
  }
  if (isTaggedNumber(value)) {
    switch (value.$number) {
      case 'NaN':
        return Number.NaN;
      case 'Infinity':
        return Number.POSITIVE_INFINITY;
      case '-Infinity':
        return Number.NEGATIVE_INFINITY;
      case '-0':
        return -0;
    }
  }
  return value;
}

export function encodeBacktestJob(value: unknown): string {
  return JSON.stringify(value, replacer);
}

export function decodeBacktestJob<T>(text: string): T {
  return JSON.parse(text, reviver) as T;
}
