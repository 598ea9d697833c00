// A fixed pool of worker threads evaluating backtests in parallel; inline when one worker is asked for.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type Evaluation, type EvaluationTask, evaluateParameters } from './evaluate-parameters.js';

/** The compiled worker (workers run JavaScript: `tsc -b` builds it, `npm test` builds first). */
const workerFile = fileURLToPath(new URL('../../dist/optimization/optimization-worker.js', import.meta.url));

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly waiting: {
    task: EvaluationTask;
    resolve: (value: Evaluation) => void;
    reject: (error: Error) => void;
  }[] = [];
  private readonly pending = new Map<
    number,
    { resolve: (value: Evaluation) => void; reject: (error: Error) => void; worker: Worker }
  >();
  private sequence = 0;

  constructor(readonly size: number) {
    if (size > 1 && !existsSync(workerFile))
      throw new Error(`the optimization worker is not built (${workerFile}); run npm run build`);
    if (size <= 1) return;
    for (let index = 0; index < size; index++) {
      const worker = new Worker(workerFile);
      worker.on('message', (message: { id: number; evaluation?: Evaluation; error?: string }) => {
        const entry = this.pending.get(message.id);
        if (!entry) return;
        this.pending.delete(message.id);
        if (message.error) entry.reject(new Error(message.error));
        else entry.resolve(message.evaluation as Evaluation);
        this.release(worker);
      });
      worker.on('error', (error) => {
        for (const [id, entry] of this.pending) {
          if (entry.worker !== worker) continue;
          this.pending.delete(id);
          entry.reject(error);
        }
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  evaluate(task: EvaluationTask): Promise<Evaluation> {
    if (this.size <= 1) return Promise.resolve().then(() => evaluateParameters(task));
    return new Promise((resolve, reject) => {
      this.waiting.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private release(worker: Worker): void {
    this.idle.push(worker);
    this.dispatch();
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.waiting.length > 0) {
      const worker = this.idle.pop() as Worker;
      const job = this.waiting.shift() as (typeof this.waiting)[number];
      const id = ++this.sequence;
      this.pending.set(id, { resolve: job.resolve, reject: job.reject, worker });
      worker.postMessage({ id, task: job.task });
    }
  }
}
