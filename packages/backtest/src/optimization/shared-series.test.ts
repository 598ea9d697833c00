// Optimization workers share the loaded history: a serialized series posted to a worker thread is the
// same memory on both sides, not a copy.
import { Worker } from 'node:worker_threads';
import { type Bar, Price, type Ticker } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { deserializeSeries, serializeSeries } from './serialized-backtest.js';

const bars: Bar[] = [1, 2, 3].map((day) => ({
  symbol: 'ORCL' as Ticker,
  timeframe: '1d',
  time: Date.UTC(2020, 0, day),
  open: Price.of('10.5'),
  high: Price.of('11'),
  low: Price.of('10'),
  close: Price.of(`10.${day}`),
  volume: 100 * day,
}));

describe('serialized series', () => {
  it('round-trips every field exactly', () => {
    expect(deserializeSeries(serializeSeries('ORCL', bars))).toEqual(bars);
  });

  it('is shared with a worker thread, not copied: a write there is seen here', async () => {
    const series = serializeSeries('ORCL', bars);
    expect(series.close.buffer).toBeInstanceOf(SharedArrayBuffer);
    // The worker overwrites the first close in the memory it received and answers.
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       parentPort.once('message', (series) => { series.close[0] = 123456; parentPort.postMessage('done'); });`,
      { eval: true },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
        worker.postMessage(series);
      });
      expect(series.close[0]).toBe(123456);
    } finally {
      await worker.terminate();
    }
  }, 60_000);
});
