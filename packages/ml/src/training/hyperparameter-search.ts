// Hyperparameter search: every candidate of a grid cross-validated on its own worker thread, results ranked by log loss.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Split } from './cross-validation.js';
import type { Dataset } from './dataset.js';
import type { PredictionMetrics } from './metrics.js';

export type Parameters = Readonly<Record<string, number | string>>;

/** What one worker receives: everything to rebuild the trainer and the data, as plain transferable values. */
export interface SearchJob {
  readonly kind: string;
  readonly parameters: Parameters;
  readonly dataset: Dataset;
  readonly splits: readonly Split[];
  readonly seed: number;
}

export interface SearchOutcome {
  readonly parameters: Parameters;
  readonly metrics: PredictionMetrics;
}

export interface SearchOptions {
  readonly kind: string;
  /** Each key's list of values; every combination is a candidate. */
  readonly grid: Readonly<Record<string, readonly (number | string)[]>>;
  readonly dataset: Dataset;
  readonly splits: readonly Split[];
  readonly seed: number;
  /** Worker threads at once (default: the machine's parallelism). */
  readonly workers?: number;
}

// Compiled worker (tsc -b first, as `npm test` does): a worker thread cannot load TypeScript.
const workerFile = fileURLToPath(new URL('../../dist/training/search-worker.js', import.meta.url));

export function gridCandidates(grid: SearchOptions['grid']): Parameters[] {
  let candidates: Record<string, number | string>[] = [{}];
  for (const [name, values] of Object.entries(grid)) {
    if (values.length === 0) throw new RangeError(`search.grid.${name}: no values`);
    candidates = candidates.flatMap((candidate) => values.map((value) => ({ ...candidate, [name]: value })));
  }
  return candidates;
}

function runJob(job: SearchJob): Promise<PredictionMetrics> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: job });
    worker.once('message', (message: { metrics?: PredictionMetrics; error?: string }) => {
      void worker.terminate();
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(message.metrics as PredictionMetrics);
    });
    worker.once('error', reject);
  });
}

/** Runs every candidate (the same seed for each, so they differ only by their parameters), best log loss first. */
export async function searchHyperparameters(options: SearchOptions): Promise<SearchOutcome[]> {
  const candidates = gridCandidates(options.grid);
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), candidates.length));
  const outcomes: SearchOutcome[] = [];
  let next = 0;
  const lane = async () => {
    while (next < candidates.length) {
      const parameters = candidates[next++] as Parameters;
      const metrics = await runJob({
        kind: options.kind,
        parameters,
        dataset: options.dataset,
        splits: options.splits,
        seed: options.seed,
      });
      outcomes.push({ parameters, metrics });
    }
  };
  await Promise.all(Array.from({ length: workers }, lane));
  return outcomes.sort(
    (a, b) =>
      a.metrics.logLoss - b.metrics.logLoss ||
      JSON.stringify(a.parameters).localeCompare(JSON.stringify(b.parameters)),
  );
}
