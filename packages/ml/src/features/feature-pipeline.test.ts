// The feature pipeline reads no future bar, computes the same rows live and in batch, and names bad specs.
import { describe, expect, it } from 'vitest';
import { syntheticBars } from '../testing/synthetic-bars.js';
import { FeaturePipeline } from './feature-pipeline.js';
import { dailyFeatureSet, intradayFeatureSet } from './feature-spec.js';
import { forwardLabels } from './labels.js';

describe('FeaturePipeline', () => {
  const bars = syntheticBars(400, 7);

  it.each([
    ['daily', dailyFeatureSet()],
    ['intraday', intradayFeatureSet()],
  ])('%s features at bar t do not change when every bar after t is perturbed', (_name, specs) => {
    const pipeline = new FeaturePipeline(specs);
    const original = pipeline.transform(bars);
    for (const cut of [80, 150, 299]) {
      // Scale every later bar by a factor that varies per bar: a read of any future bar would show in rows ≤ cut.
      const perturbed = bars.map((bar, index) => {
        if (index <= cut) return bar;
        const factor = 1.5 + 0.4 * Math.sin(index);
        return {
          ...bar,
          open: bar.open * factor,
          high: bar.high * factor * 1.01,
          low: bar.low * factor,
          close: bar.close * factor,
          volume: bar.volume * 3,
        };
      });
      const changed = pipeline.transform(perturbed);
      const columns = pipeline.columns;
      const prefix = (cut + 1) * columns;
      expect(Array.from(changed.data.subarray(0, prefix))).toEqual(
        Array.from(original.data.subarray(0, prefix)),
      );
      // And the perturbation is visible after the cut, so the comparison has teeth.
      expect(changed.data[(cut + 2) * columns]).not.toEqual(original.data[(cut + 2) * columns]);
    }
  });

  it('gives the live stream the same row as the batch transform, bar by bar', () => {
    const pipeline = new FeaturePipeline(dailyFeatureSet());
    const batch = pipeline.transform(bars);
    const stream = pipeline.stream();
    let ready = 0;
    bars.forEach((bar, index) => {
      const row = stream.update(bar);
      const expected = Array.from(
        batch.data.subarray(index * pipeline.columns, (index + 1) * pipeline.columns),
      );
      if (row) {
        ready++;
        expect(Array.from(row)).toEqual(expected);
      } else {
        expect(expected.every(Number.isNaN)).toBe(true);
      }
    });
    expect(ready).toBeGreaterThan(300);
  });

  it('labels read ahead exactly the horizon and are unknown for the last bars', () => {
    const labels = forwardLabels(bars, 5);
    expect(labels.forwardReturn[10]).toBeCloseTo(
      Math.log((bars[15]?.close ?? 0) / (bars[10]?.close ?? 1)),
      12,
    );
    expect(Number.isNaN(labels.up[bars.length - 5] as number)).toBe(true);
    expect(labels.up[bars.length - 6]).not.toBeNaN();
  });

  it('names a bad feature spec and a bar out of order', () => {
    expect(() => new FeaturePipeline([{ kind: 'rsi', period: 0 }])).toThrow(
      /rsi.period: 0 must be a whole number/,
    );
    expect(() => new FeaturePipeline([{ kind: 'day-of-week', timeZone: 'Mars/Olympus' }])).toThrow(
      /day-of-week.timeZone: "Mars\/Olympus" is not a known time zone/,
    );
    expect(
      () =>
        new FeaturePipeline([
          { kind: 'return', period: 1 },
          { kind: 'return', period: 1 },
        ]),
    ).toThrow(/return_1 is declared twice/);
    const stream = new FeaturePipeline([{ kind: 'return', period: 1 }]).stream();
    stream.update(bars[1] as never);
    expect(() => stream.update(bars[0] as never)).toThrow(/is not after the previous bar/);
  });
});
