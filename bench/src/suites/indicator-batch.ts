// Batch indicator functions against the streaming classes doing the same work (outputs stored).
import * as indicators from '@ats/indicators';
import type { BenchmarkRow, BenchmarkSuite } from '../benchmark-row.js';
import { describeRates, rateStatistics } from '../run-statistics.js';

const length = 20_000;
const high = new Float64Array(length);
const low = new Float64Array(length);
const close = new Float64Array(length);
let price = 100;
for (let index = 0; index < length; index++) {
  price += (Math.sin(index * 0.37) + Math.cos(index * 0.011)) * 0.3;
  close[index] = price;
  high[index] = price + 1;
  low[index] = price - 1;
}

/** Values per second of one run of `work` over `length` values. */
function rateOf(work: () => void): number {
  const started = performance.now();
  work();
  return (length / Math.max(1e-6, performance.now() - started)) * 1000;
}

/**
 * 300 runs of each, alternating batch and streaming after 100 uncounted of each, so both see the
 * same machine load (a shared machine's load moves single runs by orders of magnitude).
 */
function pairedRates(pair: Pair): { batch: number[]; streaming: number[] } {
  for (let run = 0; run < 100; run++) {
    pair.streaming();
    pair.batch();
  }
  const batch: number[] = [];
  const streaming: number[] = [];
  for (let run = 0; run < 300; run++) {
    streaming.push(rateOf(pair.streaming));
    batch.push(rateOf(pair.batch));
  }
  return { batch, streaming };
}

interface Pair {
  readonly name: string;
  readonly batch: () => void;
  readonly streaming: () => void;
}

const pairs: Pair[] = [
  {
    name: 'SMA(30)',
    batch: () => indicators.sma(close, 30),
    streaming: () => {
      const indicator = new indicators.SimpleMovingAverage(30);
      const output = new Float64Array(length);
      for (let index = 0; index < length; index++) output[index] = indicator.update(close[index] as number);
    },
  },
  {
    name: 'ATR(14)',
    batch: () => indicators.averageTrueRange({ high, low, close }, 14),
    streaming: () => {
      const indicator = new indicators.AverageTrueRange(14);
      const output = new Float64Array(length);
      const bar = { high: 0, low: 0, close: 0 };
      for (let index = 0; index < length; index++) {
        bar.high = high[index] as number;
        bar.low = low[index] as number;
        bar.close = close[index] as number;
        output[index] = indicator.update(bar);
      }
    },
  },
  {
    name: 'MACD(12,26,9)',
    batch: () => indicators.macd(close),
    streaming: () => {
      const indicator = new indicators.MovingAverageConvergenceDivergence();
      const line = new Float64Array(length);
      const signal = new Float64Array(length);
      const histogram = new Float64Array(length);
      for (let index = 0; index < length; index++) {
        indicator.update(close[index] as number);
        line[index] = indicator.macd;
        signal[index] = indicator.signal;
        histogram[index] = indicator.histogram;
      }
    },
  },
];

export const indicatorBatchSuite: BenchmarkSuite = {
  name: 'indicator-batch',
  async run(): Promise<BenchmarkRow[]> {
    const rows: BenchmarkRow[] = [];
    for (const pair of pairs) {
      const measured = pairedRates(pair);
      const streaming = rateStatistics(measured.streaming);
      const batch = rateStatistics(measured.batch);
      rows.push({
        component: `indicators: ${pair.name} batch function against streaming`,
        metric: `values/s; streaming ${describeRates(streaming)}; ratio = batch / streaming`,
        target: '≥ 0.67 (within 1.5x)',
        measured: describeRates(batch),
        ratio: batch.median / streaming.median,
      });
    }
    return rows;
  },
};
