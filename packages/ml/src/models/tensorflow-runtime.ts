// Loads TensorFlow.js on its WASM backend once per process (no native binary: tfjs-node is not used).
import { createRequire } from 'node:module';
import type * as Tensorflow from '@tensorflow/tfjs';

export type TensorflowModule = typeof Tensorflow;

let runtime: Promise<TensorflowModule> | undefined;

export function tensorflow(): Promise<TensorflowModule> {
  runtime ??= (async () => {
    const require = createRequire(import.meta.url);
    const tf = require('@tensorflow/tfjs') as TensorflowModule;
    require('@tensorflow/tfjs-backend-wasm');
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new Error('tensorflow: the wasm backend did not initialize');
    await tf.ready();
    return tf;
  })();
  return runtime;
}
