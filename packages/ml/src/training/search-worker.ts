// A worker thread of the hyperparameter search: cross-validates one candidate and posts its metrics.
import { parentPort, workerData } from 'node:worker_threads';
import { trainerFor } from '../models/model-catalogue.js';
import { crossValidate } from './cross-validate.js';
import type { SearchJob } from './hyperparameter-search.js';

const job = workerData as SearchJob;
try {
  const result = await crossValidate(trainerFor(job.kind, job.parameters), job.dataset, job.splits, job.seed);
  parentPort?.postMessage({ metrics: result.metrics });
} catch (error) {
  parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
