// An ONNX model written by hand (scripts/write-logistic-onnx.mjs) loads and predicts within 1e-6 of its source weights.
import { readFileSync } from 'node:fs';
import { SeededRandom } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { LinearModel } from './linear-models.js';
import { loadModel } from './model-catalogue.js';
import { OnnxModel } from './onnx-model.js';

// The source model the fixture script encodes: p = sigmoid(x · weights + bias).
const weights = [0.75, -1.25, 0.5, 2.0];
const bias = -0.125;
const fixture = new Uint8Array(readFileSync(new URL('../../fixtures/logistic-4.onnx', import.meta.url)));

describe('OnnxModel', () => {
  it('predicts within 1e-6 of the source logistic model on 1,000 rows', async () => {
    const source = new LinearModel('logistic-regression', {
      standardizer: { means: [0, 0, 0, 0], scales: [1, 1, 1, 1] },
      weights: [bias, ...weights],
    });
    const random = new SeededRandom(42);
    const rows = 1_000;
    const data = Float64Array.from({ length: rows * 4 }, () => random.next() * 4 - 2);
    const features = { data, rows, columns: 4 };
    const onnx = await OnnxModel.load(fixture, { task: 'classification', columns: 4 });
    const predicted = await onnx.predict(features);
    const expected = source.predictSync(features);
    let worst = 0;
    for (let row = 0; row < rows; row++)
      worst = Math.max(worst, Math.abs((predicted[row] as number) - (expected[row] as number)));
    expect(worst).toBeLessThan(1e-6);
    // Behind the same interface: the artifact reloads through the catalogue and predicts the same.
    const reloaded = await loadModel(await onnx.toArtifact());
    expect(Array.from(await reloaded.predict(features))).toEqual(Array.from(predicted));
    expect(reloaded.predictSync).toBeUndefined();
    onnx.dispose();
    reloaded.dispose();
  });

  it('names a file that is not an ONNX model and a wrong column count', async () => {
    await expect(
      OnnxModel.load(Uint8Array.of(1, 2, 3), { task: 'classification', columns: 4 }),
    ).rejects.toThrow(/onnx: the file is not a model/);
    const onnx = await OnnxModel.load(fixture, { task: 'classification', columns: 4 });
    await expect(onnx.predict({ data: new Float64Array(3), rows: 1, columns: 3 })).rejects.toThrow(
      /reads 4 feature columns, the input has 3/,
    );
    onnx.dispose();
  });
});
