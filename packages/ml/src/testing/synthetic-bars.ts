// Seeded synthetic daily bars and a learnable dataset for tests (a random walk with a weak, known signal).
import { SeededRandom } from '@ats/core';
import type { FeatureMatrix } from '../features/feature-pipeline.js';
import type { FeatureBar } from '../features/feature-spec.js';

const day = 86_400_000;

/** A geometric random walk of `count` daily bars from 2020-01-02, seeded. */
export function syntheticBars(count: number, seed = 1): FeatureBar[] {
  const random = new SeededRandom(seed);
  const bars: FeatureBar[] = [];
  let close = 100;
  const start = Date.UTC(2020, 0, 2, 21);
  for (let index = 0; index < count; index++) {
    const open = close;
    close = open * Math.exp(0.01 * random.nextGaussian());
    const high = Math.max(open, close) * (1 + 0.005 * random.next());
    const low = Math.min(open, close) * (1 - 0.005 * random.next());
    bars.push({
      time: start + index * day,
      open,
      high,
      low,
      close,
      volume: 1_000_000 + Math.floor(random.next() * 500_000),
    });
  }
  return bars;
}

/** Rows of uniform features whose label depends on the first two columns (plus noise), seeded. */
export function separableData(
  rows: number,
  columns: number,
  seed = 1,
): { features: FeatureMatrix; labels: Float64Array } {
  const random = new SeededRandom(seed);
  const data = new Float64Array(rows * columns);
  const labels = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) data[row * columns + column] = random.next() * 2 - 1;
    const score =
      2 * (data[row * columns] as number) - (data[row * columns + 1] as number) + 0.3 * random.nextGaussian();
    labels[row] = score > 0 ? 1 : 0;
  }
  return { features: { data, rows, columns }, labels };
}
