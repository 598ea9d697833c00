// Live inference gives, bar by bar, exactly the batch prediction of the same rows; the LSTM's last-row fast path equals its full prediction.
import { describe, expect, it } from 'vitest';
import { FeaturePipeline } from '../features/feature-pipeline.js';
import { intradayFeatureSet } from '../features/feature-spec.js';
import { predictLast } from '../models/model.js';
import { NeuralNetworkTrainer } from '../models/neural-network.js';
import { RandomForestTrainer } from '../models/random-forest.js';
import { syntheticBars } from '../testing/synthetic-bars.js';
import { buildDataset } from '../training/dataset.js';
import { LivePredictor } from './live-predictor.js';

const pipeline = new FeaturePipeline(intradayFeatureSet('UTC'));
const bars = syntheticBars(260, 9);
const dataset = buildDataset(pipeline, bars, { horizon: 3 });

describe('LivePredictor', () => {
  it('predicts each bar as the batch model predicts the same feature row', async () => {
    const model = await new RandomForestTrainer({ trees: 10 }).fit(dataset, { seed: 1 });
    const batch = model.predictSync(pipeline.transform(bars));
    const live = new LivePredictor(pipeline, model);
    let compared = 0;
    bars.forEach((bar, index) => {
      const prediction = live.update(bar);
      if (prediction === null) return;
      expect(prediction).toBe(batch[index]);
      compared++;
    });
    expect(compared).toBeGreaterThan(150);
  });

  it("the LSTM's last-row fast path equals the last value of its full prediction", async () => {
    const model = await new NeuralNetworkTrainer('lstm', { units: 4, steps: 6, epochs: 1 }).fit(dataset, {
      seed: 2,
    });
    const full = model.predictSync(dataset.features);
    // Float32 kernels may sum a batch of one differently from a batch of many: equal to 1e-6.
    expect(predictLast(model, dataset.features)).toBeCloseTo(full[full.length - 1] as number, 6);
    const short = {
      data: dataset.features.data.subarray(0, 3 * pipeline.columns),
      rows: 3,
      columns: pipeline.columns,
    };
    expect(predictLast(model, short)).toBeCloseTo(model.predictSync(short)[2] as number, 6);
    model.dispose();
  });
});
